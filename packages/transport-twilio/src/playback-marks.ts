import { decodedLength } from '@switchboard/core/protocol';
import type { TwilioMediaStream } from './twilio-media-stream.js';

/** µ-law at 8 kHz: one byte per sample. */
const BYTES_PER_MS = 8;

interface Mark {
  readonly itemId: string;
  /** Milliseconds of the item's audio sent up to this mark. */
  readonly endMs: number;
}

/**
 * What the caller heard of the model's audio, from Twilio's marks: every chunk sent to Twilio is
 * followed by a mark naming the item and the milliseconds sent so far; Twilio echoes a mark when
 * the audio before it has played. {@link cut} clears Twilio's buffer and says how much of the
 * current item was heard: the position of its last echoed mark, never a clock's guess. Marks echoed
 * after a clear (Twilio echoes those the clear dropped) do not count.
 *
 * @example
 * ```ts
 * import { PlaybackMarks, type TwilioMediaStream } from '@switchboard/transport-twilio';
 *
 * declare const stream: TwilioMediaStream;
 * declare const delta: string; // base64 µ-law
 * const marks = new PlaybackMarks(stream);
 * marks.play('item_1', delta); // media + mark
 * marks.echoed('sb-1'); // Twilio played it
 * marks.cut(); // clear → 20 (ms heard)
 * ```
 */
export class PlaybackMarks {
  readonly #stream: TwilioMediaStream;
  readonly #pending = new Map<string, Mark>();
  #sequence = 0;
  #item: { readonly id: string; sentMs: number; heardMs: number } | undefined;
  /** An item that was cut: the rest of its audio is not played. */
  #cutItem: string | undefined;

  constructor(stream: TwilioMediaStream) {
    this.#stream = stream;
  }

  /** Sends one chunk of base64 µ-law audio of `itemId`, then its mark. */
  play(itemId: string, payload: string): void {
    if (itemId === this.#cutItem) return;
    if (this.#item?.id !== itemId) this.#item = { id: itemId, sentMs: 0, heardMs: 0 };
    this.#item.sentMs += decodedLength(payload) / BYTES_PER_MS;
    this.#sequence += 1;
    const name = `sb-${this.#sequence}`;
    this.#pending.set(name, { itemId, endMs: this.#item.sentMs });
    this.#stream.sendMedia(payload);
    this.#stream.sendMark(name);
  }

  /** Twilio echoed a mark. Unknown names (not ours, or dropped by a cut) are ignored. */
  echoed(name: string): void {
    const mark = this.#pending.get(name);
    if (!mark) return;
    // Marks come back in order: this one and every earlier one have played.
    for (const key of this.#pending.keys()) {
      this.#pending.delete(key);
      if (key === name) break;
    }
    if (this.#item?.id === mark.itemId) this.#item.heardMs = mark.endMs;
  }

  /**
   * Stops playback: sends `clear` and returns the milliseconds of the current item the caller heard,
   * or `undefined` when nothing is playing (every mark already came back).
   */
  cut(): number | undefined {
    const item = this.#item;
    if (!item || this.#pending.size === 0) return undefined;
    this.#stream.clear();
    this.#pending.clear();
    this.#cutItem = item.id;
    return Math.floor(item.heardMs);
  }
}
