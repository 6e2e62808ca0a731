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
  /** Fingerprints of the voiced frames, with their frame number in the line. */
  readonly frames: readonly { readonly key: string; readonly index: number }[];
}

/**
 * Lets a simulated caller's lines carry their text, so a brain hears what was said without a speech
 * recognizer. A simulator registers each line with the exact wire bytes it will send; when the server
 * commits user audio it looks the bytes up, and the committed item gets that line's text as its
 * transcript. A line matches when a third of its voiced 20 ms frames are found in order (same spacing,
 * any alignment): a word two lines share does not make one the other. It works through anything that
 * forwards the bytes unchanged (a phone bridge in `audio/pcmu`), for any number of concurrent calls;
 * audio that was transcoded or mixed matches nothing.
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
  readonly #byFrame = new Map<string, { readonly line: Line; readonly index: number }[]>();

  /** Remembers `text` as what the caller says with these wire bytes. */
  register(text: string, wire: Uint8Array, format: WireAudioFormat): void {
    const frameBytes = FRAME_MS * wireBytesPerMs(format);
    const frames: { key: string; index: number }[] = [];
    for (let at = 0, index = 0; at + frameBytes <= wire.length; at += frameBytes, index += 1) {
      const frame = wire.subarray(at, at + frameBytes);
      if (rms(wireToPcm(frame, format)) >= SILENCE_RMS) frames.push({ key: fingerprint(frame), index });
    }
    const line: Line = { text, frames };
    this.#lines.push(line);
    for (const { key, index } of frames) {
      const entries = this.#byFrame.get(key) ?? [];
      entries.push({ line, index });
      this.#byFrame.set(key, entries);
    }
    if (this.#lines.length > MAX_LINES) this.#forget(this.#lines.shift() as Line);
  }

  /** The text of the registered line(s) these committed bytes contain, in order, or `undefined`. */
  lookup(wire: Uint8Array, format: WireAudioFormat): string | undefined {
    if (this.#lines.length === 0) return undefined;
    const step = wireBytesPerMs(format);
    const frameBytes = FRAME_MS * step;
    // Hits per line and diagonal (frame number in the line minus position here): a line that is
    // really there piles its hits on one diagonal.
    const hits = new Map<Line, Map<string, number>>();
    for (let offset = 0; offset < frameBytes; offset += step) {
      for (let at = offset, position = 0; at + frameBytes <= wire.length; at += frameBytes, position += 1) {
        for (const { line, index } of this.#byFrame.get(fingerprint(wire.subarray(at, at + frameBytes))) ??
          []) {
          const diagonals = hits.get(line) ?? new Map<string, number>();
          const diagonal = `${offset}:${index - position}`;
          diagonals.set(diagonal, (diagonals.get(diagonal) ?? 0) + 1);
          hits.set(line, diagonals);
        }
      }
    }
    const heard = this.#lines.filter((line) => {
      const best = Math.max(0, ...(hits.get(line)?.values() ?? []));
      return best >= Math.max(2, line.frames.length / 3);
    });
    return heard.length > 0 ? [...new Set(heard.map((line) => line.text))].join(' ') : undefined;
  }

  #forget(line: Line): void {
    for (const { key } of line.frames) {
      const entries = this.#byFrame.get(key)?.filter((entry) => entry.line !== line) ?? [];
      if (entries.length === 0) this.#byFrame.delete(key);
      else this.#byFrame.set(key, entries);
    }
  }
}

function fingerprint(frame: Uint8Array): string {
  return createHash('sha1').update(frame).digest('base64');
}
