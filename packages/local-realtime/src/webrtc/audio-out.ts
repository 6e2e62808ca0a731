import { RtpHeader, RtpPacket } from 'werift';
import { FRAME_SAMPLES_24K, FRAME_SAMPLES_48K, OpusEncoder } from './opus.js';

/** What the player tells its call, in the API's terms. */
export interface PlayerEvents {
  /** The first audio of a response started playing (`output_audio_buffer.started`). */
  started(responseId: string): void;
  /** A response's audio has all played, and no more is coming (`output_audio_buffer.stopped`). */
  stopped(responseId: string): void;
}

interface Segment {
  readonly responseId: string;
  readonly samples: Int16Array;
  offset: number;
}

const FRAME_MS = 20;

let silence: Buffer | undefined;
/** One 20 ms Opus frame of silence, encoded once per process: any stream may send the same packet. */
function silencePacket(): Buffer {
  if (!silence) {
    const encoder = new OpusEncoder();
    silence = encoder.encode(new Int16Array(FRAME_SAMPLES_24K));
    encoder.dispose();
  }
  return silence;
}
/** A stalled event loop is not made up for beyond this many frames at once (they would arrive as a burst). */
const MAX_CATCH_UP_FRAMES = 5;

/**
 * The server's output audio buffer on a WebRTC call: the model's PCM is queued and played out as one
 * Opus RTP packet every 20 ms, in real time, whatever pace the responses were generated at. Between
 * responses it sends encoded silence, so the stream's clock never jumps. It knows what was played,
 * which is what `output_audio_buffer.started` / `stopped` / `cleared` report.
 */
export class OutputAudioPlayer {
  /** Made when the first response audio plays: a call that only ever sends silence needs none. */
  #encoder: OpusEncoder | undefined;
  readonly #queue: Segment[] = [];
  readonly #finished = new Set<string>();
  readonly #write: (packet: RtpPacket) => void;
  readonly #events: PlayerEvents;
  #timer: ReturnType<typeof setInterval> | undefined;
  #startedAt = 0;
  #framesSent = 0;
  #sequence = Math.floor(Math.random() * 0xffff);
  #timestamp = Math.floor(Math.random() * 0xffffffff);
  #playing: string | undefined;
  #last: string | undefined;

  constructor(write: (packet: RtpPacket) => void, events: PlayerEvents) {
    this.#write = write;
    this.#events = events;
  }

  /** The response whose audio is playing now, if any. */
  get playing(): string | undefined {
    return this.#playing;
  }

  /** Starts the 20 ms clock. */
  start(): void {
    if (this.#timer) return;
    this.#startedAt = performance.now();
    this.#framesSent = 0;
    this.#timer = setInterval(() => this.#tick(), FRAME_MS / 2);
  }

  /** Queues audio of a response (PCM16, 24 kHz). */
  push(responseId: string, samples: Int16Array): void {
    if (samples.length > 0) this.#queue.push({ responseId, samples, offset: 0 });
  }

  /** No more audio will come for this response: `stopped` follows once what is queued has played. */
  finish(responseId: string): void {
    const queued = this.#queue.some((segment) => segment.responseId === responseId);
    if (!queued && this.#playing !== responseId) return;
    this.#finished.add(responseId);
    if (this.#playing === responseId && !this.#queue.some((s) => s.responseId === responseId))
      this.#stop(responseId);
  }

  /** Drops everything queued. Returns the response that was cut (playing or queued), if any. */
  clear(): string | undefined {
    const cut = this.#playing ?? this.#queue[0]?.responseId;
    this.#queue.length = 0;
    this.#playing = undefined;
    return cut;
  }

  /** Stops the clock and frees the encoder. */
  dispose(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
    this.#encoder?.dispose();
  }

  #tick(): void {
    const due = Math.floor((performance.now() - this.#startedAt) / FRAME_MS);
    let frames = due - this.#framesSent;
    if (frames > MAX_CATCH_UP_FRAMES) {
      this.#framesSent = due - MAX_CATCH_UP_FRAMES;
      frames = MAX_CATCH_UP_FRAMES;
    }
    for (; frames > 0; frames--) this.#sendFrame();
  }

  #sendFrame(): void {
    this.#framesSent += 1;
    this.#sequence = (this.#sequence + 1) & 0xffff;
    this.#timestamp = (this.#timestamp + FRAME_SAMPLES_48K) >>> 0;
    const payload = this.#nextPayload();
    const header = new RtpHeader({
      sequenceNumber: this.#sequence,
      timestamp: this.#timestamp,
      marker: false,
    });
    this.#write(new RtpPacket(header, payload));
  }

  #nextPayload(): Buffer {
    const segment = this.#queue[0];
    if (!segment) return silencePacket();
    if (this.#playing !== segment.responseId) {
      if (this.#playing !== undefined) this.#stop(this.#playing);
      this.#playing = segment.responseId;
      this.#last = segment.responseId;
      this.#events.started(segment.responseId);
    }
    const frame = new Int16Array(FRAME_SAMPLES_24K);
    let filled = 0;
    // A frame may span segments of the same response (deltas are not frame-aligned).
    while (filled < FRAME_SAMPLES_24K) {
      const current = this.#queue[0];
      if (!current || current.responseId !== this.#playing) break;
      const take = Math.min(FRAME_SAMPLES_24K - filled, current.samples.length - current.offset);
      frame.set(current.samples.subarray(current.offset, current.offset + take), filled);
      filled += take;
      current.offset += take;
      if (current.offset >= current.samples.length) this.#queue.shift();
    }
    const playing = this.#playing;
    if (playing !== undefined && this.#finished.has(playing) && this.#queue[0]?.responseId !== playing) {
      this.#stop(playing);
    }
    this.#encoder ??= new OpusEncoder();
    return this.#encoder.encode(frame);
  }

  #stop(responseId: string): void {
    if (this.#playing === responseId) this.#playing = undefined;
    this.#finished.delete(responseId);
    this.#events.stopped(responseId);
  }

  /** The response heard last (for `cleared` when nothing is queued). */
  get lastResponse(): string | undefined {
    return this.#last;
  }
}
