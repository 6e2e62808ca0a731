import { ToolAbortError } from '../errors/tool-abort-error.js';

/**
 * How a user callback (a tool's `execute` or `needsApproval`, a handoff's `onHandoff`, an agent's
 * `instructions`, a zod transform or refine) ended, as a value: nothing it does can throw into the
 * pipeline or reject unobserved.
 */
export type GuardedOutcome<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'threw'; readonly error: unknown }
  /** The caller's signal fired first; `reason` is the signal's reason. */
  | { readonly status: 'aborted'; readonly reason: unknown }
  | { readonly status: 'timed_out'; readonly timeoutMs: number };

/** A callback that did not end by itself: the caller's signal fired, or its time ran out. */
export type GuardedStop = Extract<GuardedOutcome<never>, { status: 'aborted' | 'timed_out' }>;

/** The outcome of a synchronous callback. */
export type GuardedSyncOutcome<T> = Extract<GuardedOutcome<T>, { status: 'ok' | 'threw' }>;

/** What bounds a guarded callback. */
export interface GuardLimits {
  /** When it fires, the outcome is `aborted` at once (a callback that ignores it cannot stall anyone). */
  readonly signal?: AbortSignal;
  /** Milliseconds before the outcome is `timed_out`. */
  readonly timeoutMs?: number;
}

/**
 * Starts a callback and settles with how it ended: its value, what it threw or rejected with, the
 * caller's abort, or the timeout. Never rejects. The callback is passed as a function, not a running
 * promise, so that nothing starts once the signal has fired. It receives a signal of its own that
 * fires on the caller's abort (same reason) or on the timeout (a {@link ToolAbortError}, reason
 * `timeout`). A callback still running when the outcome is decided is left to finish; whatever it
 * settles with later is observed and dropped.
 */
export function guardedCall<T>(
  start: (signal: AbortSignal) => T | PromiseLike<T>,
  limits: GuardLimits = {},
): Promise<GuardedOutcome<Awaited<T>>> {
  const { signal, timeoutMs } = limits;
  if (signal?.aborted) return Promise.resolve({ status: 'aborted', reason: signal.reason });
  const own = new AbortController();
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const settle = (outcome: GuardedOutcome<Awaited<T>>, abortReason?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
      // Settled first, so a callback that rejects when its signal fires cannot be taken for a failure.
      if (abortReason !== undefined) own.abort(abortReason);
    };
    const onAbort = () => settle({ status: 'aborted', reason: signal?.reason }, signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = setTimeout(
        () => settle({ status: 'timed_out', timeoutMs }, new ToolAbortError('timeout')),
        timeoutMs,
      );
    }
    let result: T | PromiseLike<T>;
    try {
      result = start(own.signal);
    } catch (error) {
      settle({ status: 'threw', error });
      return;
    }
    Promise.resolve(result).then(
      (value) => settle({ status: 'ok', value }),
      (error: unknown) => settle({ status: 'threw', error }),
    );
  });
}

/**
 * Runs a synchronous callback (an agent's `instructions`, a session config built from it) and
 * returns how it ended instead of throwing.
 */
export function guardedSyncCall<T>(run: () => T): GuardedSyncOutcome<T> {
  try {
    return { status: 'ok', value: run() };
  } catch (error) {
    return { status: 'threw', error };
  }
}
