import { createHash } from 'node:crypto';
import { type WireAudioFormat, wireBytesPerMs, wireToPcm } from './formats.js';
import { rms } from './pcm.js';

/** Frames of this length are fingerprinted. */
const FRAME_MS = 20;
/** Frames quieter than this (RMS, 0..1 of full scale) are silence: every line has them, so they say nothing. */
const SILENCE_RMS = 0.01;
/** Lines remembered per registry, oldest forgotten first. */
const MAX_LINES = 500;

interface Line {
  readonly text: string;
  readonly frames: readonly string[];
}

/**
 * Lets a simulated caller's lines carry their text, so a brain hears what was said without a speech
 * recognizer. A simulator registers each line with the exact wire bytes it will send; when the server
 * commits user audio it looks the bytes up, and the committed item gets that line's text as its
 * transcript. Matching is by fingerprints of the line's 20 ms frames at any alignment, so it works
 * through anything that forwards the bytes unchanged (a phone bridge in `audio/pcmu`), for any
 * number of concurrent calls; audio that was transcoded or mixed matches nothing.
 *
 * @example
 * ```ts
 * const captions = new CallerCaptions();
 * captions.register('I want a refund', ulawBytes, 'audio/pcmu');
 * captions.lookup(committedBytes, 'audio/pcmu'); // 'I want a refund'
 * ```
 */
export class CallerCaptions {
  readonly #lines: Line[] = [];
  readonly #byFrame = new Map<string, Set<Line>>();

  /** Remembers `text` as what the caller says with these wire bytes. */
  register(text: string, wire: Uint8Array, format: WireAudioFormat): void {
    const frameBytes = FRAME_MS * wireBytesPerMs(format);
    const frames: string[] = [];
    for (let at = 0; at + frameBytes <= wire.length; at += frameBytes) {
      const frame = wire.subarray(at, at + frameBytes);
      if (rms(wireToPcm(frame, format)) >= SILENCE_RMS) frames.push(fingerprint(frame));
    }
    const line: Line = { text, frames };
    this.#lines.push(line);
    for (const key of frames) {
      const lines = this.#byFrame.get(key) ?? new Set<Line>();
      lines.add(line);
      this.#byFrame.set(key, lines);
    }
    if (this.#lines.length > MAX_LINES) this.#forget(this.#lines.shift() as Line);
  }

  /** The text of the registered line(s) these committed bytes contain, in order, or `undefined`. */
  lookup(wire: Uint8Array, format: WireAudioFormat): string | undefined {
    if (this.#lines.length === 0) return undefined;
    const step = wireBytesPerMs(format);
    const frameBytes = FRAME_MS * step;
    const votes = new Map<Line, number>();
    for (let offset = 0; offset < frameBytes; offset += step) {
      for (let at = offset; at + frameBytes <= wire.length; at += frameBytes) {
        for (const line of this.#byFrame.get(fingerprint(wire.subarray(at, at + frameBytes))) ?? []) {
          votes.set(line, (votes.get(line) ?? 0) + 1);
        }
      }
    }
    // A line counts when a fair share of its frames was heard (shared words alone do not make it).
    const heard = this.#lines.filter((line) => (votes.get(line) ?? 0) >= Math.max(1, line.frames.length / 4));
    return heard.length > 0 ? [...new Set(heard.map((line) => line.text))].join(' ') : undefined;
  }

  #forget(line: Line): void {
    for (const key of line.frames) {
      const lines = this.#byFrame.get(key);
      lines?.delete(line);
      if (lines?.size === 0) this.#byFrame.delete(key);
    }
  }
}

function fingerprint(frame: Uint8Array): string {
  return createHash('sha1').update(frame).digest('base64');
}
