/** µ-law at 8 kHz: 8 bytes per millisecond. */
const BYTES_PER_MS = 8;

interface Segment {
  readonly startMs: number;
  bytes: Uint8Array;
}

interface PendingMark {
  readonly name: string;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * Twilio's side of outbound audio, at the real rate: queued media plays one after the other, a mark
 * is echoed when the audio queued before it has played, `clear` drops what has not played and
 * echoes the pending marks at once.
 *
 * @example
 * ```ts
 * import { PhonePlayback } from '@switchboard/transport-twilio/testing';
 *
 * declare function send(markName: string): void;
 * declare const chunk: Uint8Array;
 * const playback = new PhonePlayback({ now: () => performance.now(), echo: (name) => send(name) });
 * playback.media(chunk); // 100 ms of µ-law
 * playback.mark('m1'); // echoed ~100 ms later
 * ```
 */
export class PhonePlayback {
  readonly #now: () => number;
  readonly #echo: (name: string, cleared: boolean) => void;
  readonly #segments: Segment[] = [];
  readonly #pending: PendingMark[] = [];
  /** When everything queued will have played (ms on the `now` clock). */
  #endMs = 0;

  constructor(options: { now: () => number; echo: (name: string, cleared: boolean) => void }) {
    this.#now = options.now;
    this.#echo = options.echo;
  }

  /** Whether audio is still playing. */
  get playing(): boolean {
    return this.#endMs > this.#now();
  }

  /** Queues µ-law audio after what is queued. */
  media(bytes: Uint8Array): void {
    const startMs = Math.max(this.#now(), this.#endMs);
    this.#segments.push({ startMs, bytes });
    this.#endMs = startMs + bytes.length / BYTES_PER_MS;
  }

  /** A mark after the queued audio: echoed once that has played. */
  mark(name: string): void {
    const delay = Math.max(0, this.#endMs - this.#now());
    const timer = setTimeout(() => {
      this.#pending.splice(this.#pending.indexOf(pending), 1);
      this.#echo(name, false);
    }, delay);
    const pending = { name, timer };
    this.#pending.push(pending);
  }

  /** Drops what has not played; echoes pending marks now. Returns the ms played and dropped. */
  clear(): { playedMs: number; droppedMs: number } {
    const now = this.#now();
    let droppedMs = 0;
    for (const segment of this.#segments) {
      const playedBytes = Math.max(
        0,
        Math.min(segment.bytes.length, Math.floor((now - segment.startMs) * BYTES_PER_MS)),
      );
      droppedMs += (segment.bytes.length - playedBytes) / BYTES_PER_MS;
      segment.bytes = segment.bytes.subarray(0, playedBytes);
    }
    this.#endMs = Math.min(this.#endMs, now);
    for (const pending of this.#pending.splice(0)) {
      clearTimeout(pending.timer);
      this.#echo(pending.name, true);
    }
    return { playedMs: this.heard().length / BYTES_PER_MS, droppedMs };
  }

  /** Everything played so far (and what is still queued to play), as one µ-law buffer. */
  heard(): Uint8Array {
    return Buffer.concat(this.#segments.map((segment) => segment.bytes));
  }

  /** Cancels pending echoes (the call is over). */
  stop(): void {
    for (const pending of this.#pending.splice(0)) clearTimeout(pending.timer);
  }
}
