import { decodeG711, encodeG711 } from './g711.js';
import { bytesToPcm16, downsample, PCM_SAMPLE_RATE, pcm16ToBytes, upsample } from './pcm.js';

/** The three wire formats of the API (GA names). */
export type WireAudioFormat = 'audio/pcm' | 'audio/pcmu' | 'audio/pcma';

/** Reads the format type out of a session's `{ type, rate }` object (PCM when absent). */
export function wireFormatOf(format: unknown): WireAudioFormat {
  const type =
    typeof format === 'object' && format !== null ? (format as { type?: unknown }).type : undefined;
  return type === 'audio/pcmu' || type === 'audio/pcma' ? type : 'audio/pcm';
}

/** Bytes per millisecond on the wire: PCM16 at 24 kHz, or G.711 at 8 kHz. */
export function wireBytesPerMs(format: WireAudioFormat): number {
  return format === 'audio/pcm' ? (PCM_SAMPLE_RATE * 2) / 1000 : 8;
}

const G711_FACTOR = PCM_SAMPLE_RATE / 8000;

/**
 * Wire bytes to PCM16 at 24 kHz, the one rate the server works in (VAD, durations, truncation).
 */
export function wireToPcm(bytes: Uint8Array, format: WireAudioFormat): Int16Array {
  if (format === 'audio/pcm') return bytesToPcm16(bytes);
  return upsample(decodeG711(bytes, format === 'audio/pcmu' ? 'ulaw' : 'alaw'), G711_FACTOR);
}

/** PCM16 at 24 kHz to wire bytes. */
export function pcmToWire(samples: Int16Array, format: WireAudioFormat): Uint8Array {
  if (format === 'audio/pcm') return pcm16ToBytes(samples);
  return encodeG711(downsample(samples, G711_FACTOR), format === 'audio/pcmu' ? 'ulaw' : 'alaw');
}
