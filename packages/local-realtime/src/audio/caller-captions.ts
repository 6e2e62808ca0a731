import { createHash } from 'node:crypto';
import { type WireAudioFormat, wireToPcm } from './formats.js';
import { encodeG711 } from './g711.js';
import { bytesToPcm16, downsample, rms } from './pcm.js';

/** µ-law frames of 20 ms (8 bytes per ms) are fingerprinted. */
const FRAME_BYTES = 160;
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
 * recognizer. A simulator registers each line with the exact µ-law bytes it will send; when the server
 * commits user audio it looks the bytes up, and the committed item gets that line's text as its
 * transcript. A line matches when a third of its voiced 20 ms frames are found in order (same spacing,
 * any alignment): a word two lines share does not make one the other. It works through anything that
 * forwards the bytes unchanged (a phone bridge in `audio/pcmu`), for any number of concurrent calls;
 * audio that was transcoded or mixed matches nothing.
 *
 * @example
 * ```ts
 * import { CallerCaptions } from '@switchboard/local-realtime';
 *
 * declare const ulawBytes: Uint8Array, committedBytes: Uint8Array;
 * const captions = new CallerCaptions();
 * captions.register('I want a refund', ulawBytes);
 * captions.lookup(committedBytes, 'audio/pcmu'); // 'I want a refund'
 * ```
 */
export class CallerCaptions {
  readonly #lines: Line[] = [];
  readonly #byFrame = new Map<string, { readonly line: Line; readonly index: number }[]>();

  /** Remembers `text` as what the caller says with these µ-law (8 kHz) bytes. */
  register(text: string, ulaw: Uint8Array): void {
    const frames: { key: string; index: number }[] = [];
    for (let at = 0, index = 0; at + FRAME_BYTES <= ulaw.length; at += FRAME_BYTES, index += 1) {
      const frame = ulaw.subarray(at, at + FRAME_BYTES);
      if (rms(wireToPcm(frame, 'audio/pcmu')) >= SILENCE_RMS) frames.push({ key: fingerprint(frame), index });
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

  /**
   * The text of the registered line(s) in committed audio, in order, or `undefined`. µ-law is
   * searched as is; PCM16 that came from µ-law (each 8 kHz sample repeated to 24 kHz, as the
   * server's decoder does) is turned back into the same µ-law, at each of the three alignments.
   */
  lookup(wire: Uint8Array, format: WireAudioFormat): string | undefined {
    if (this.#lines.length === 0 || format === 'audio/pcma') return undefined;
    const hits = new Map<Line, Map<string, number>>();
    if (format === 'audio/pcmu') this.#scan(wire, '', hits);
    else {
      const samples = bytesToPcm16(wire);
      for (const phase of [0, 1, 2])
        this.#scan(encodeG711(downsample(samples.subarray(phase), 3), 'ulaw'), `${phase}`, hits);
    }
    const heard = this.#lines.filter((line) => {
      const best = Math.max(0, ...(hits.get(line)?.values() ?? []));
      return best >= Math.max(2, line.frames.length / 3);
    });
    return heard.length > 0 ? [...new Set(heard.map((line) => line.text))].join(' ') : undefined;
  }

  /**
   * Counts hits per line and diagonal (frame number in the line minus position here, per byte
   * alignment): a line that is really there piles its hits on one diagonal.
   */
  #scan(ulaw: Uint8Array, label: string, hits: Map<Line, Map<string, number>>): void {
    for (let offset = 0; offset < FRAME_BYTES; offset += 1) {
      for (let at = offset, position = 0; at + FRAME_BYTES <= ulaw.length; at += FRAME_BYTES, position += 1) {
        for (const { line, index } of this.#byFrame.get(fingerprint(ulaw.subarray(at, at + FRAME_BYTES))) ??
          []) {
          const diagonals = hits.get(line) ?? new Map<string, number>();
          const diagonal = `${label}:${offset}:${index - position}`;
          diagonals.set(diagonal, (diagonals.get(diagonal) ?? 0) + 1);
          hits.set(line, diagonals);
        }
      }
    }
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
