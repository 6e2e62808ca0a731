/**
 * How fast responses stream: `realtime` sends audio at playback speed (100 ms of audio every 100 ms)
 * and text at a typing pace; `fast` sends everything as fast as the socket takes it (tests, CI).
 */
export type AudioPace = 'realtime' | 'fast';

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

/** Yields to the event loop, so other sessions and incoming client events (a cancel) get a turn. */
function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Paces one response. Audio is scheduled against the response's start, so timer jitter does not
 * accumulate; any wait ends at once when the response is aborted.
 */
export class Pacer {
  readonly #startedAt = performance.now();
  #audioMs = 0;

  readonly #pace: AudioPace;
  readonly #signal: AbortSignal;

  constructor(pace: AudioPace, signal: AbortSignal) {
    this.#pace = pace;
    this.#signal = signal;
  }

  /** Waits after a text delta. */
  afterText(): Promise<void> {
    return this.#pace === 'fast' ? yieldTurn() : sleep(TEXT_DELTA_MS, this.#signal);
  }

  /** Waits after an audio delta of `ms` milliseconds, until its playback would have ended. */
  afterAudio(ms: number): Promise<void> {
    this.#audioMs += ms;
    if (this.#pace === 'fast') return yieldTurn();
    return sleep(this.#startedAt + this.#audioMs - performance.now(), this.#signal);
  }
}
