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
  const onCallerAbort = () => own.abort(signal?.reason);
  // The callback's signal follows the caller's until the outcome is decided (then `stopped` says).
  signal?.addEventListener('abort', onCallerAbort, { once: true });
  const outcome = guardedRun(start, own.signal, timeoutMs, (reason) => {
    signal?.removeEventListener('abort', onCallerAbort);
    if (reason !== undefined) own.abort(reason);
  });
  return Promise.resolve(outcome);
}

/**
 * One step of a tool call (its arguments' validation, `needsApproval`, `execute`), under the call's
 * own controller: the callback gets the call's signal (no second controller per call), which the
 * pipeline aborts on interruption, handoff or close, and which a timeout aborts with a
 * {@link ToolAbortError} (reason `timeout`). A callback that returns a plain value settles at once,
 * with no timer and no promise; one that returns a promise is bounded as {@link guardedCall} bounds it.
 */
export function guardedStep<T>(
  call: AbortController,
  timeoutMs: number | undefined,
  start: (signal: AbortSignal) => T | PromiseLike<T>,
): GuardedOutcome<Awaited<T>> | Promise<GuardedOutcome<Awaited<T>>> {
  if (call.signal.aborted) return { status: 'aborted', reason: call.signal.reason };
  return guardedRun(start, call.signal, timeoutMs, (reason) => {
    // The caller's own abort needs nothing more; a timeout stops the call.
    if (reason instanceof ToolAbortError && reason.reason === 'timeout') call.abort(reason);
  });
}

/**
 * Runs `start` with `signal` and decides its outcome: at once for a plain value or a throw, else
 * when its promise settles, `signal` fires, or `timeoutMs` passes. `stopped` runs once the outcome
 * is decided, with the abort reason the callback's signal should get (`undefined`: none).
 */
function guardedRun<T>(
  start: (signal: AbortSignal) => T | PromiseLike<T>,
  signal: AbortSignal,
  timeoutMs: number | undefined,
  stopped: (reason: unknown) => void,
): GuardedOutcome<Awaited<T>> | Promise<GuardedOutcome<Awaited<T>>> {
  let result: T | PromiseLike<T>;
  let then: unknown;
  try {
    result = start(signal);
    then = isObjectLike(result) ? (result as { then?: unknown }).then : undefined;
  } catch (error) {
    stopped(undefined);
    return { status: 'threw', error };
  }
  // Aborted while it ran (a tool that interrupts its own session): as if the signal fired first.
  if (signal.aborted) {
    stopped(undefined);
    return { status: 'aborted', reason: signal.reason };
  }
  if (typeof then !== 'function') {
    stopped(undefined);
    return { status: 'ok', value: result as Awaited<T> };
  }
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const settle = (outcome: GuardedOutcome<Awaited<T>>, abortReason?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
      // Settled first, so a callback that rejects when its signal fires cannot be taken for a failure.
      stopped(abortReason);
    };
    const onAbort = () => settle({ status: 'aborted', reason: signal.reason });
    signal.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = setTimeout(
        () => settle({ status: 'timed_out', timeoutMs }, new ToolAbortError('timeout')),
        timeoutMs,
      );
    }
    try {
      (then as PromiseLike<T>['then']).call(
        result,
        (value) => settle({ status: 'ok', value: value as Awaited<T> }),
        (error: unknown) => settle({ status: 'threw', error }),
      );
    } catch (error) {
      settle({ status: 'threw', error });
    }
  });
}

function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
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
