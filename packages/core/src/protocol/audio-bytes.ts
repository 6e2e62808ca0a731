import type { SessionConfig } from './session.js';

/** The API's limit on one `input_audio_buffer.append` event (base64 text). */
export const MAX_AUDIO_APPEND_BYTES = 15 * 1024 * 1024;

/** Length of the base64 text for `byteLength` bytes. */
export function base64Length(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4;
}

/**
 * Bytes of decoded audio in a base64 string, without decoding it.
 *
 * @example
 * ```ts
 * import { decodedLength } from '@switchboard/core/protocol';
 *
 * decodedLength('AAAA'); // 3
 * ```
 */
export function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/**
 * Bytes per millisecond of an output audio format: PCM16 at its rate (24 kHz by default), G.711 at
 * 8 kHz with one byte per sample.
 *
 * @example
 * ```ts
 * import { bytesPerMs } from '@switchboard/core/protocol';
 *
 * bytesPerMs({ type: 'audio/pcm', rate: 24_000 }); // 48
 * bytesPerMs({ type: 'audio/pcmu' }); // 8
 * ```
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
