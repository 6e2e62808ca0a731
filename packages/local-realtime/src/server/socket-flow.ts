import type { WebSocket } from 'ws';

/**
 * Above this many unsent bytes a connection's output waits (responses pause, and the client's
 * events are no longer read) until it falls below {@link RESUME_OUTPUT_BELOW_BYTES}. Documented in
 * the README ("Limits"): a client that stops reading holds at most about this much of the server's
 * memory, plus the one event that crossed the mark.
 */
export const PAUSE_OUTPUT_ABOVE_BYTES = 4 * 1024 * 1024;
/** Where paused output resumes. */
export const RESUME_OUTPUT_BELOW_BYTES = 1024 * 1024;

/**
 * A WebSocket with flow control both ways (before issue 10 nothing looked at `bufferedAmount`: a
 * client that stopped reading grew the heap with every event sent to it, and ten small
 * `conversation.item.retrieve`s of a large item held 100 MiB). Above the pause mark it stops
 * reading the socket and holds the client events already received, unhandled, so no request can
 * make more output while the client is not reading; {@link ready} hands out a promise that resolves
 * once the socket has drained below the resume mark, and the held events are handled then, in order.
 */
export class SocketFlow {
  readonly #socket: WebSocket;
  readonly #onText: (text: string) => void;
  readonly #afterWrite = () => this.#check();
  readonly #held: string[] = [];
  #waiters: (() => void)[] = [];
  #paused = false;

  constructor(socket: WebSocket, onText: (text: string) => void) {
    this.#socket = socket;
    this.#onText = onText;
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      if (this.#paused) this.#held.push(text);
      else onText(text);
    });
    socket.once('close', () => {
      this.#held.length = 0;
      this.#release();
    });
  }

  /** Whether output waits for the client to read. */
  get paused(): boolean {
    return this.#paused;
  }

  /** Sends one text frame (nothing once the socket is no longer open). */
  send(text: string): void {
    const socket = this.#socket;
    if (socket.readyState !== socket.OPEN) return;
    socket.send(text, this.#afterWrite);
    if (!this.#paused && socket.bufferedAmount > PAUSE_OUTPUT_ABOVE_BYTES) {
      this.#paused = true;
      socket.pause();
    }
  }

  /** `undefined` when the socket takes more output now; else resolves once it has drained. */
  ready(): Promise<void> | undefined {
    if (!this.#paused) return undefined;
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Runs after each frame was written out (or failed): resumes once drained. */
  #check(): void {
    if (this.#paused && this.#socket.bufferedAmount <= RESUME_OUTPUT_BELOW_BYTES) this.#release();
  }

  #release(): void {
    if (this.#paused) {
      this.#paused = false;
      this.#socket.resume();
    }
    for (const resolve of this.#waiters.splice(0)) resolve();
    // Held events run in order, until one of them fills the output again.
    while (!this.#paused && this.#held.length > 0) this.#onText(this.#held.shift() as string);
  }
}
