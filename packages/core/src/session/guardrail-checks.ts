import type { Guardrail, GuardrailContext, GuardrailVerdict } from '../definitions/guardrail.js';
import { describeCause } from '../errors/describe-cause.js';
import { GuardrailError } from '../errors/session-errors.js';
import { type GuardedOutcome, guardedCall } from '../pipeline/guarded-call.js';

/** Which guardrail stopped a text, and why. */
export interface CheckTrip {
  readonly guardrail: string;
  readonly reason: string | undefined;
  /** The check failed and `onCheckError: 'trip'` counted it as tripped. */
  readonly failed: boolean;
}

/** How one round of checks runs. */
export interface CheckRound<Ctx> extends Omit<GuardrailContext<Ctx>, 'signal'> {
  /** Fires when the round's answer is no longer wanted: no trip is reported after it. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly onCheckError: 'trip' | 'pass';
  error(error: GuardrailError): void;
}

type Reading =
  | { readonly tripped: boolean; readonly reason: string | undefined }
  | { readonly invalid: true; readonly value: unknown };

/** A verdict as a reading; anything that is not one is `invalid`. */
function readVerdict(value: unknown): Reading {
  if (typeof value === 'boolean') return { tripped: value, reason: undefined };
  if (typeof value === 'object' && value !== null) {
    const { tripped, reason } = value as Partial<Extract<GuardrailVerdict, object>>;
    if (typeof tripped === 'boolean' && (reason === undefined || typeof reason === 'string'))
      return { tripped, reason };
  }
  return { invalid: true, value };
}

/** A check that gave no verdict, as a {@link GuardrailError}. */
function failure<Ctx>(
  guardrail: Guardrail<Ctx>,
  outcome: Exclude<GuardedOutcome<unknown>, { status: 'aborted' }>,
  round: CheckRound<Ctx>,
): GuardrailError {
  const passed = round.onCheckError === 'pass' ? 'passed' : 'tripped';
  const fail = (reason: GuardrailError['reason'], detail: string, cause?: unknown) =>
    new GuardrailError(guardrail.name, round.side, reason, passed, detail, { cause });
  switch (outcome.status) {
    case 'threw':
      return fail('threw', `it threw: ${describeCause(outcome.error)}`, outcome.error);
    case 'timed_out':
      return fail('timed_out', `no verdict within ${outcome.timeoutMs} ms`);
    case 'ok':
      return fail('invalid_verdict', 'it returned no verdict: expected true, false or { tripped, reason }');
  }
}

/**
 * What one guardrail's outcome means for its round: a trip, or `undefined` (passed, aborted, or
 * failed with `onCheckError: 'pass'`). A failure is reported unless the round was stopped.
 */
function tripOf<Ctx>(
  guardrail: Guardrail<Ctx>,
  outcome: GuardedOutcome<unknown>,
  round: CheckRound<Ctx>,
  stopped: AbortSignal,
): CheckTrip | undefined {
  if (outcome.status === 'aborted') return undefined;
  const reading = outcome.status === 'ok' ? readVerdict(outcome.value) : undefined;
  if (reading && !('invalid' in reading))
    return reading.tripped ? { guardrail: guardrail.name, reason: reading.reason, failed: false } : undefined;
  if (stopped.aborted) return undefined;
  const error = failure(guardrail, outcome, round);
  round.error(error);
  return error.outcome === 'tripped'
    ? { guardrail: guardrail.name, reason: error.detail, failed: true }
    : undefined;
}

/**
 * Runs every guardrail over `text` at once, each a user callback through the guarded path (what it
 * throws, how long it hangs), and resolves with the first trip (the others are then aborted), or
 * `undefined` when all passed. A failed check is reported as a {@link GuardrailError} and counts as
 * the round's `onCheckError` says. Never rejects.
 */
export function runChecks<Ctx>(
  guardrails: readonly Guardrail<Ctx>[],
  text: string,
  round: CheckRound<Ctx>,
): Promise<CheckTrip | undefined> {
  const { side, agent, context, timeoutMs } = round;
  if (guardrails.length === 0) return Promise.resolve(undefined);
  // Aborted by the first trip, or with the round's own signal.
  const stop = new AbortController();
  const abort = () => stop.abort();
  round.signal.addEventListener('abort', abort, { once: true });
  if (round.signal.aborted) abort();
  return new Promise((resolve) => {
    let left = guardrails.length;
    const settle = (trip: CheckTrip | undefined) => {
      if (trip && !stop.signal.aborted) {
        stop.abort();
        resolve(trip);
      }
      if (--left > 0) return;
      round.signal.removeEventListener('abort', abort);
      resolve(undefined);
    };
    for (const guardrail of guardrails) {
      const check = (own: AbortSignal) => guardrail.check(text, { side, agent, context, signal: own });
      guardedCall(check, { signal: stop.signal, timeoutMs }).then(
        (outcome) => settle(tripOf(guardrail, outcome, round, stop.signal)),
        // guardedCall never rejects; a rejection here would be our own bug, and still ends the round.
        () => settle(undefined),
      );
    }
  });
}
