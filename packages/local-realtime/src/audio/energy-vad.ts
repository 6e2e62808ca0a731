import { msToSamples, PCM_SAMPLE_RATE, rms } from './pcm.js';

/** The `server_vad` settings the detector honours (API defaults when absent). */
export interface VadSettings {
  /** 0..1; default 0.5. Mapped to an energy level, see {@link thresholdToRms}. */
  readonly threshold?: number;
  /** Audio kept before the detected start; default 300 ms. */
  readonly prefix_padding_ms?: number;
  /** Silence that ends a turn; default 500 ms. */
  readonly silence_duration_ms?: number;
}

/** What the detector saw in one chunk, with times in ms from the start of all audio it was fed. */
export type VadEvent =
  | { readonly type: 'speech_started'; readonly audioStartMs: number; readonly speechStartMs: number }
  | { readonly type: 'speech_stopped'; readonly audioEndMs: number };

/** Analysis frames: 20 ms, as speech codecs and WebRTC's VAD use. */
const FRAME_MS = 20;
/** Frames of energy needed before speech counts as started, so a click is not a turn. */
const ONSET_FRAMES = 3;

/**
 * Maps the API's 0..1 `threshold` (a speech probability there) to an RMS level: the 0..1 range spans
 * -60 dBFS to -10 dBFS, so the default 0.5 means -35 dBFS (about 1.8 % of full scale): quiet rooms stay
 * below it, normal speech is well above. Documented in the README.
 */
export function thresholdToRms(threshold: number): number {
  const clamped = Math.min(1, Math.max(0, threshold));
  return 10 ** ((-60 + clamped * 50) / 20);
}

/**
 * An energy-based voice activity detector with the `server_vad` contract: it reports a start (with
 * `prefix_padding_ms` of lead-in) once a few frames are above the threshold, and a stop after
 * `silence_duration_ms` below it. Feed it PCM16 at 24 kHz in any chunk sizes; it keeps no audio.
 *
 * @example
 * ```ts
 * import { EnergyVad } from '@switchboard/local-realtime';
 *
 * declare const samples: Int16Array; // PCM16 at 24 kHz
 * const vad = new EnergyVad({ threshold: 0.5, silence_duration_ms: 500 });
 * for (const event of vad.push(samples)) console.log(event.type);
 * ```
 */
export class EnergyVad {
  readonly #level: number;
  readonly #prefixMs: number;
  readonly #silenceMs: number;
  readonly #frameSamples = msToSamples(FRAME_MS);
  /** Samples of a frame not yet complete, carried to the next push. */
  #pending = new Int16Array(0);
  #processedMs = 0;
  #speaking = false;
  #loudFrames = 0;
  #firstLoudMs = 0;
  #quietSinceMs: number | undefined;

  /** `startMs`: where on the session's audio timeline this detector starts (a re-configured detector continues the clock). */
  constructor(settings: VadSettings = {}, startMs = 0) {
    this.#processedMs = startMs;
    this.#level = thresholdToRms(settings.threshold ?? 0.5);
    this.#prefixMs = settings.prefix_padding_ms ?? 300;
    this.#silenceMs = settings.silence_duration_ms ?? 500;
  }

  /** Whether speech is in progress (started and not yet stopped). */
  get inSpeech(): boolean {
    return this.#speaking;
  }

  /** Analyses more audio; returns the starts and stops it found, in order. */
  push(samples: Int16Array): VadEvent[] {
    const events: VadEvent[] = [];
    let data = samples;
    if (this.#pending.length > 0) {
      data = new Int16Array(this.#pending.length + samples.length);
      data.set(this.#pending);
      data.set(samples, this.#pending.length);
    }
    let offset = 0;
    for (; offset + this.#frameSamples <= data.length; offset += this.#frameSamples) {
      const loud = rms(data, offset, offset + this.#frameSamples) >= this.#level;
      const frameStartMs = this.#processedMs;
      this.#processedMs += FRAME_MS;
      const event = this.#step(loud, frameStartMs);
      if (event) events.push(event);
    }
    this.#pending = data.slice(offset);
    return events;
  }

  /** Forgets any speech in progress (after a manual commit or clear). Time keeps counting. */
  reset(): void {
    this.#speaking = false;
    this.#loudFrames = 0;
    this.#quietSinceMs = undefined;
  }

  #step(loud: boolean, frameStartMs: number): VadEvent | undefined {
    if (!this.#speaking) {
      if (!loud) {
        this.#loudFrames = 0;
        return undefined;
      }
      if (this.#loudFrames === 0) this.#firstLoudMs = frameStartMs;
      this.#loudFrames++;
      if (this.#loudFrames < ONSET_FRAMES) return undefined;
      this.#speaking = true;
      this.#quietSinceMs = undefined;
      return {
        type: 'speech_started',
        speechStartMs: this.#firstLoudMs,
        audioStartMs: Math.max(0, this.#firstLoudMs - this.#prefixMs),
      };
    }
    if (loud) {
      this.#quietSinceMs = undefined;
      return undefined;
    }
    this.#quietSinceMs ??= frameStartMs;
    const frameEndMs = frameStartMs + FRAME_MS;
    if (frameEndMs - this.#quietSinceMs < this.#silenceMs) return undefined;
    this.#speaking = false;
    this.#loudFrames = 0;
    this.#quietSinceMs = undefined;
    // The API's audio_end_ms includes the silence that ended the turn.
    return { type: 'speech_stopped', audioEndMs: frameEndMs };
  }
}

/** Exposed for tests and docs: the detector's frame length. */
export const VAD_FRAME_MS = FRAME_MS;
/** Exposed for tests and docs: the detector's rate. */
export const VAD_SAMPLE_RATE = PCM_SAMPLE_RATE;
