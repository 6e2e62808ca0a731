import { randomBase62 } from './ids.js';

/** The recorded deltas pad `delta + obfuscation` to this many characters. */
const PADDED_LENGTH = 16;

/**
 * The `obfuscation` the GA API adds to streamed transcript deltas, a field the SDK types do not
 * declare: random characters padding the delta's length, so that frame sizes say less about the
 * words. Every recorded one pads the delta to 16 characters (`"The"` + 13, `"Sure"` + 12); longer
 * deltas are padded here to the next multiple of 16.
 */
export function obfuscationFor(delta: string): string {
  return randomBase62(PADDED_LENGTH - (delta.length % PADDED_LENGTH));
}
