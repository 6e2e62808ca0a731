import { readFile } from 'node:fs/promises';
import { pcmToWire } from './formats.js';
import { PCM_SAMPLE_RATE, resample } from './pcm.js';
import type { Synthesizer } from './speech.js';
import { parseWav } from './wav.js';

/** What a simulated caller says: text (spoken with espeak-ng, or the tone voice), or a WAV file. */
export type CallerLine = string | { readonly wav: string | Uint8Array; readonly text?: string };

/** A caller line as it goes down a phone line: G.711 µ-law at 8 kHz, with its text when known. */
export interface PhoneAudio {
  readonly text: string | undefined;
  /** µ-law bytes, 8 per millisecond. */
  readonly ulaw: Uint8Array;
}

/** One frame every 20 ms, as carriers and Twilio send them: 160 µ-law bytes. */
export const PHONE_FRAME_MS = 20;
const FRAME_BYTES = PHONE_FRAME_MS * 8;
/** µ-law for a zero sample: what a silent line carries. */
const ULAW_SILENCE = 0xff;

/**
 * Turns a caller line into phone audio: text through the synthesizer (24 kHz) or a WAV file (any
 * rate, first channel), resampled and encoded as µ-law at 8 kHz.
 *
 * @example
 * ```ts
 * import { createSynthesizer, phoneAudio } from '@switchboard/local-realtime';
 *
 * const audio = await phoneAudio('I was charged twice', await createSynthesizer());
 * ```
 */
export async function phoneAudio(line: CallerLine, synthesizer: Synthesizer): Promise<PhoneAudio> {
  if (typeof line === 'string') {
    const pcm = await synthesizer.speak({ text: line, voice: 'echo' });
    return { text: line, ulaw: pcmToWire(pcm, 'audio/pcmu') };
  }
  const bytes = typeof line.wav === 'string' ? await readFile(line.wav) : line.wav;
  const wav = parseWav(bytes);
  const pcm = resample(wav.samples, wav.sampleRate, PCM_SAMPLE_RATE);
  return { text: line.text, ulaw: pcmToWire(pcm, 'audio/pcmu') };
}

interface Queued {
  readonly ulaw: Uint8Array;
  offset: number;
  readonly done: () => void;
}

/**
 * A caller's side of a phone line: one 160-byte µ-law frame every 20 ms, at the real rate (timed
 * against the start, so timer jitter does not add up), silence between lines as a real line has.
 * `send` gets each frame and its timestamp in ms since the line started.
 *
 * @example
 * ```ts
 * import { PhoneLinePlayer } from '@switchboard/local-realtime';
 *
 * declare const socket: WebSocket;
 * declare function mediaMessage(frame: Uint8Array, ms: number): string;
 * declare const audio: { ulaw: Uint8Array };
 * const line = new PhoneLinePlayer((frame, ms) => socket.send(mediaMessage(frame, ms)));
 * line.start();
 * await line.say(audio.ulaw); // resolves when its last frame went out
 * line.stop();
 * ```
 */
export class PhoneLinePlayer {
  readonly #send: (frame: Uint8Array, timestampMs: number) => void;
  readonly #queue: Queued[] = [];
  #frames = 0;
  #startedAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(send: (frame: Uint8Array, timestampMs: number) => void) {
    this.#send = send;
  }

  /** Whether a line is being played now. */
  get speaking(): boolean {
    return this.#queue.length > 0;
  }

  /** Starts sending frames (silence until something is said). */
  start(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    this.#startedAt = performance.now();
    this.#tick();
  }

  /** Queues µ-law audio; resolves once its last frame was sent (or the line stopped). */
  say(ulaw: Uint8Array): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise((resolve) => this.#queue.push({ ulaw, offset: 0, done: resolve }));
  }

  /** Stops sending; whatever was queued is dropped (its `say()` resolves). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const queued of this.#queue.splice(0)) queued.done();
  }

  #tick(): void {
    if (this.#stopped) return;
    const frame = new Uint8Array(FRAME_BYTES).fill(ULAW_SILENCE);
    const current = this.#queue[0];
    if (current) {
      const part = current.ulaw.subarray(current.offset, current.offset + FRAME_BYTES);
      frame.set(part);
      current.offset += FRAME_BYTES;
      if (current.offset >= current.ulaw.length) {
        this.#queue.shift();
        queueMicrotask(current.done);
      }
    }
    const timestamp = this.#frames * PHONE_FRAME_MS;
    this.#frames += 1;
    this.#send(frame, timestamp);
    const next = this.#startedAt + this.#frames * PHONE_FRAME_MS - performance.now();
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, next));
    this.#timer.unref?.();
  }
}
