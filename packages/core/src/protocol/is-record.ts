/**
 * Whether a decoded JSON value is an object with keys (not `null`, not an array): the one check every
 * reader of untrusted wire data (server events, client events, HTTP bodies) makes before it looks
 * inside.
 *
 * @example
 * ```ts
 * import { decodeJson, isRecord } from '@switchboard/core/protocol';
 *
 * const value = decodeJson('{"type":"response.done"}');
 * if (isRecord(value)) console.log(value.type);
 * ```
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
