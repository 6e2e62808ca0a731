import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Prefixes of the ids the API hands out (`event_…`, `item_…`, `resp_…`, `call_…`, `sess_…`, `ek_…`). */
export type IdPrefix = 'event' | 'item' | 'resp' | 'call' | 'sess' | 'conv' | 'ek';

/**
 * A new id shaped like the API's: the prefix, an underscore and random base62 characters (21 by
 * default, as the API's ids have).
 *
 * @example
 * ```ts
 * newId('item'); // 'item_Bx8qk3…'
 * ```
 */
export function newId(prefix: IdPrefix, length = 21): string {
  const bytes = randomBytes(length);
  let out = `${prefix}_`;
  // 62 does not divide 256, so the few high values bias slightly; ids need uniqueness, not uniformity.
  for (const byte of bytes) out += ALPHABET[byte % 62];
  return out;
}
