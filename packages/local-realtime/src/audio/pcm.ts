/**
 * PCM16 helpers: the Realtime API's audio is 16-bit little-endian mono, 24 kHz unless a G.711 format
 * (8 kHz, one byte per sample) is chosen.
 */

/** The sample rate of `audio/pcm`, the API's only PCM rate. */
export const PCM_SAMPLE_RATE = 24_000;

/** The API's limit on the `audio` text of one `input_audio_buffer.append` event. */
export const MAX_APPEND_AUDIO_CHARS = 15 * 1024 * 1024;

const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Whether `text` is well-formed base64 (standard alphabet, optional padding). Node's decoder skips
 * junk silently, so the server checks first to answer bad input with an error like the API does.
 */
export function isBase64(text: string): boolean {
  return text.length % 4 !== 1 && BASE64_PATTERN.test(text);
}

/**
 * Decodes base64 PCM16 bytes into samples (a trailing odd byte is dropped).
 *
 * @example
 * ```ts
 * import type { ServerEventOf } from '@switchboard/core';
 * import { decodePcm16 } from '@switchboard/local-realtime';
 *
 * declare const event: ServerEventOf<'response.output_audio.delta'>;
 * const samples = decodePcm16(event.delta);
 * ```
 */
export function decodePcm16(base64: string): Int16Array {
  return bytesToPcm16(Buffer.from(base64, 'base64'));
}

/** Reads little-endian PCM16 samples from bytes (copying, so the result is aligned). */
export function bytesToPcm16(bytes: Uint8Array): Int16Array {
  const count = bytes.length >> 1;
  const out = new Int16Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** Little-endian bytes of PCM16 samples. */
export function pcm16ToBytes(samples: Int16Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i] as number, i * 2);
  return out;
}

/** Base64 of PCM16 samples, as `response.output_audio.delta` carries them. */
export function encodePcm16(samples: Int16Array): string {
  return pcm16ToBytes(samples).toString('base64');
}

/** Milliseconds of audio in `sampleCount` samples at `rate`. */
export function samplesToMs(sampleCount: number, rate = PCM_SAMPLE_RATE): number {
  return (sampleCount * 1000) / rate;
}

/** Samples in `ms` milliseconds at `rate` (rounded down). */
export function msToSamples(ms: number, rate = PCM_SAMPLE_RATE): number {
  return Math.floor((ms * rate) / 1000);
}

/**
 * Root mean square of samples, scaled to 0..1 of full scale. Speech sits around 0.03–0.3, a quiet
 * room under 0.003.
 */
export function rms(samples: Int16Array, start = 0, end = samples.length): number {
  if (end <= start) return 0;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const s = (samples[i] as number) / 32768;
    sum += s * s;
  }
  return Math.sqrt(sum / (end - start));
}

/**
 * Linear-interpolation resampling. Good enough for speech between nearby rates (espeak-ng's 22,050 Hz
 * to 24 kHz) and for the 3:1 step to G.711's 8 kHz after the low-pass done by {@link downsample}.
 */
export function resample(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate || samples.length === 0) return samples;
  const length = Math.max(1, Math.round((samples.length * toRate) / fromRate));
  const out = new Int16Array(length);
  const step = fromRate / toRate;
  for (let i = 0; i < length; i++) {
    const pos = i * step;
    const left = Math.floor(pos);
    const frac = pos - left;
    const a = samples[Math.min(left, samples.length - 1)] as number;
    const b = samples[Math.min(left + 1, samples.length - 1)] as number;
    out[i] = Math.round(a + (b - a) * frac);
  }
  return out;
}

/** Downsamples by an integer factor, averaging each group (a crude low-pass against aliasing). */
export function downsample(samples: Int16Array, factor: number): Int16Array {
  const out = new Int16Array(Math.floor(samples.length / factor));
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let j = 0; j < factor; j++) sum += samples[i * factor + j] as number;
    out[i] = Math.round(sum / factor);
  }
  return out;
}

/** Repeats each sample `factor` times (8 kHz G.711 input to the 24 kHz the detector works at). */
export function upsample(samples: Int16Array, factor: number): Int16Array {
  const out = new Int16Array(samples.length * factor);
  for (let i = 0; i < samples.length; i++) out.fill(samples[i] as number, i * factor, (i + 1) * factor);
  return out;
}

/** Joins sample arrays. */
export function concatPcm(parts: readonly Int16Array[]): Int16Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Int16Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Options of {@link generateTone}. */
export interface ToneOptions {
  readonly durationMs: number;
  /** Hz; default 220. */
  readonly frequency?: number;
  /** 0..1 of full scale; default 0.3. */
  readonly amplitude?: number;
  readonly sampleRate?: number;
}

/**
 * A sine tone with 10 ms fades (no clicks). Tests use it as "speech" for the voice activity detector.
 *
 * @example
 * ```ts
 * import { concatPcm, generateTone, silence } from '@switchboard/local-realtime';
 *
 * const turn = concatPcm([silence(300), generateTone({ durationMs: 600 }), silence(800)]);
 * ```
 */
export function generateTone(options: ToneOptions): Int16Array {
  const rate = options.sampleRate ?? PCM_SAMPLE_RATE;
  const frequency = options.frequency ?? 220;
  const amplitude = (options.amplitude ?? 0.3) * 32767;
  const count = msToSamples(options.durationMs, rate);
  const fade = Math.min(msToSamples(10, rate), count >> 1);
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const envelope = Math.min(1, i / Math.max(1, fade), (count - 1 - i) / Math.max(1, fade));
    out[i] = Math.round(Math.sin((2 * Math.PI * frequency * i) / rate) * amplitude * envelope);
  }
  return out;
}

/** `ms` milliseconds of digital silence. */
export function silence(ms: number, rate = PCM_SAMPLE_RATE): Int16Array {
  return new Int16Array(msToSamples(ms, rate));
}
