import { OutcomeRecordError } from '../errors/store-errors.js';
import { RecordedToolError, ToolExecutionError, ToolInterruptedError } from '../errors/tool-errors.js';
import { type GuardLimits, guardedCall, guardedSyncCall } from './guarded-call.js';
import type { JournaledCall, RecordedToolOutcome, ToolOutcomeStore } from './tool-outcomes.js';
import { type FunctionCall, failed, stoppedOutcome, type ToolOutcome } from './tool-runner.js';

/** What claiming a call decided: run its tool, or settle it with what an earlier owner left. */
export type ClaimDecision = { readonly run: true } | { readonly run: false; readonly outcome: ToolOutcome };

/**
 * Asks the outcome store whether a call may run (DESIGN.md, beyond one process: a tool runs at most
 * once across failover), through the guarded path and within the call's limits. A recorded outcome
 * is sent again as it was; a call started and never recorded is settled as interrupted, not re-run;
 * a store that fails or does not answer in time means the tool does not run either (it could not be
 * marked started, so running it could run it twice).
 *
 * A `repeatable` call (a handoff: the framework's own step, which no outside system sees) runs again
 * when an earlier owner started it or recorded it as done: the conversation must end up on the
 * handoff's agent, and the owner that died may not have got it there. Its hooks run at least once.
 */
export async function claimCall(
  journal: ToolOutcomeStore,
  entry: JournaledCall,
  limits: GuardLimits,
  options: { readonly repeatable?: boolean } = {},
): Promise<ClaimDecision> {
  const call: FunctionCall = { name: entry.name, callId: entry.callId, arguments: entry.arguments };
  const claimed = await guardedCall(() => journal.claim(entry), limits);
  if (claimed.status === 'threw')
    return { run: false, outcome: failed(new ToolExecutionError(call.name, call.callId, claimed.error)) };
  if (claimed.status !== 'ok') return { run: false, outcome: stoppedOutcome(call, claimed) };
  const known = claimed.value;
  if (!known) return { run: true };
  if (options.repeatable && (known.state === 'started' || known.outcome.ok)) return { run: true };
  if (known.state === 'started')
    return { run: false, outcome: failed(new ToolInterruptedError(call.name, call.callId)) };
  const { ok, output, code = 'tool_failed' } = known.outcome;
  return {
    run: false,
    outcome: ok
      ? { ok: true, output, result: undefined }
      : failed(new RecordedToolError(call.name, call.callId, code, output)),
  };
}

/**
 * Records a call's outcome. Returns `undefined` when the store recorded it synchronously (or threw,
 * which is reported), else a promise that settles once it is recorded, failed (reported) or timed out
 * (reported): the output is sent either way, since the tool did run.
 */
export function recordOutcome(
  journal: ToolOutcomeStore,
  entry: JournaledCall,
  outcome: ToolOutcome,
  options: { readonly timeoutMs: number; readonly report: (error: OutcomeRecordError) => void },
): Promise<void> | undefined {
  const recorded: RecordedToolOutcome = outcome.ok
    ? { ok: true, output: outcome.output }
    : { ok: false, output: outcome.output, code: outcome.error.code };
  const fail = (cause: unknown) => options.report(new OutcomeRecordError(entry.name, entry.callId, cause));
  const started = guardedSyncCall(() => journal.record(entry, recorded));
  if (started.status === 'threw') {
    fail(started.error);
    return undefined;
  }
  const pending = started.value;
  if (!isPromiseLike(pending)) return undefined;
  return guardedCall(() => pending, { timeoutMs: options.timeoutMs }).then((written) => {
    if (written.status === 'threw') fail(written.error);
    else if (written.status === 'timed_out') fail(new Error(`not recorded within ${written.timeoutMs} ms`));
  });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}
