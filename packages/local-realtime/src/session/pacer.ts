/**
 * How fast responses stream: `realtime` sends audio at playback speed (100 ms of audio every 100 ms)
 * and text at a typing pace; `fast` sends everything as fast as the socket takes it (tests, CI).
 */
export type AudioPace = 'realtime' | 'fast';

/**
 * Backpressure from the connection: `undefined` when it can take more output now, else a promise
 * that resolves once it can (its unsent bytes fell below the resume mark).
 */
export type OutputReady = () => Promise<void> | undefined;

/** Delay between text (and function-argument) deltas in `realtime` pace. */
const TEXT_DELTA_MS = 20;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Resolves when `gate` does, or at once when the signal aborts (a cancel never waits on a slow reader). */
function untilAbortedOr(gate: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    gate.then(done, done);
  });
}

/** Yields to the event loop, so other sessions and incoming client events (a cancel) get a turn. */
function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Paces one response. Audio is scheduled against the response's start, so timer jitter does not
 * accumulate; any wait ends at once when the response is aborted. After each delta it also waits
 * while the connection has too much unsent output (`outputReady`), so a client that stops reading
 * pauses the response instead of growing the server's memory (issue 10).
 */
export class Pacer {
  readonly #startedAt = performance.now();
  #audioMs = 0;

  readonly #pace: AudioPace;
  readonly #signal: AbortSignal;
  readonly #outputReady: OutputReady | undefined;

  constructor(pace: AudioPace, signal: AbortSignal, outputReady?: OutputReady) {
    this.#pace = pace;
    this.#signal = signal;
    this.#outputReady = outputReady;
  }

  /** Waits after a text delta. */
  async afterText(): Promise<void> {
    await (this.#pace === 'fast' ? yieldTurn() : sleep(TEXT_DELTA_MS, this.#signal));
    await this.#room();
  }

  /** Waits after an audio delta of `ms` milliseconds, until its playback would have ended. */
  async afterAudio(ms: number): Promise<void> {
    this.#audioMs += ms;
    await (this.#pace === 'fast'
      ? yieldTurn()
      : sleep(this.#startedAt + this.#audioMs - performance.now(), this.#signal));
    await this.#room();
  }

  #room(): Promise<void> | undefined {
    const gate = this.#outputReady?.();
    return gate && untilAbortedOr(gate, this.#signal);
  }
}
