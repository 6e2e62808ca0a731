import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Prefixes of the ids the API hands out (`event_…`, `item_…`, `resp_…`, `call_…`, `sess_…`, `ek_…`). */
export type IdPrefix = 'event' | 'item' | 'resp' | 'call' | 'sess' | 'conv' | 'ek';

/**
 * A new id shaped like the API's: the prefix, an underscore and random base62 characters (21 by
 * default, as the API's ids have).
 */
export function newId(prefix: IdPrefix, length = 21): string {
  return `${prefix}_${randomBase62(length)}`;
}

/** `length` random base62 characters (`[A-Za-z0-9]`). */
export function randomBase62(length: number): string {
  let out = '';
  // 62 does not divide 256, so the few high values bias slightly; ids need uniqueness, not uniformity.
  for (const byte of randomBytes(length)) out += ALPHABET[byte % 62];
  return out;
}
