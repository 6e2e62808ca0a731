import type { SessionConfig } from '../protocol/index.js';

/** The API's limit on one `input_audio_buffer.append` event (base64 text). */
export const MAX_AUDIO_APPEND_BYTES = 15 * 1024 * 1024;

/** Audio the app can hand to `sendAudio`: PCM16 samples, or their little-endian bytes. */
export type AudioInput = Int16Array | Uint8Array | ArrayBuffer;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Length of the base64 text for `byteLength` bytes. */
export function base64Length(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4;
}

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

/** Bytes of decoded audio in a base64 string, without decoding it. */
export function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/**
 * Bytes per millisecond of an output audio format: PCM16 at its rate (24 kHz by default), G.711 at
 * 8 kHz with one byte per sample.
 */
export function bytesPerMs(
  format: NonNullable<NonNullable<SessionConfig['audio']>['output']>['format'] | undefined,
): number {
  if (!format || format.type === 'audio/pcm') {
    const rate = (format as { rate?: number } | undefined)?.rate ?? 24_000;
    return (rate * 2) / 1000;
  }
  return 8;
}
