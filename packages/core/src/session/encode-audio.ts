/** Audio the app can hand to `sendAudio`: PCM16 samples, or their little-endian bytes. */
export type AudioInput = Int16Array | Uint8Array | ArrayBuffer;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Base64 of audio bytes, without Node's `Buffer` so that core runs in browsers too (Buffer is used
 * when present: it is several times faster).
 */
export function encodeAudio(audio: AudioInput): string {
  const bytes =
    audio instanceof Uint8Array
      ? audio
      : audio instanceof ArrayBuffer
        ? new Uint8Array(audio)
        : new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength);
  const NodeBuffer = (globalThis as { Buffer?: { from(b: Uint8Array): { toString(enc: 'base64'): string } } })
    .Buffer;
  if (NodeBuffer) return NodeBuffer.from(bytes).toString('base64');
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out +=
      ALPHABET[n >> 18] + (ALPHABET[(n >> 12) & 63] as string) + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += `${ALPHABET[n >> 18]}${ALPHABET[(n >> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += `${ALPHABET[n >> 18]}${ALPHABET[(n >> 12) & 63]}${ALPHABET[(n >> 6) & 63]}=`;
  }
  return out;
}
