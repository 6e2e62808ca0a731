import type { Agent, ToolSessionHandle } from '../definitions/shapes.js';
import { HandoffError } from '../errors/session-errors.js';
import { type ToolCallError, ToolExecutionError, ToolTimeoutError } from '../errors/tool-errors.js';
import type { DispatchHost } from './dispatch-host.js';
import { type GuardedOutcome, guardedCall, guardedSyncCall } from './guarded-call.js';
import type { CallRecord, PendingHandoff, ResponseCalls } from './response-calls.js';
import { parseToolArguments } from './tool-arguments.js';
import { stoppedOutcome, type ToolOutcome } from './tool-runner.js';

/** What applying a handoff needs from the dispatcher. */
export interface HandoffStepHost<Ctx> {
  readonly host: DispatchHost<Ctx>;
  /** Settles a call (its output, `tool_end`); a call settled already is left alone. */
  finish(response: ResponseCalls<Ctx>, record: CallRecord, outcome: ToolOutcome): void;
  /** Cancels the calls of every other response: they belong to the agent being left. */
  abortOthers(response: ResponseCalls<Ctx>): void;
  /** The `ctx.session` a callback of this call gets. */
  sessionHandle(response: ResponseCalls<Ctx>, record: CallRecord): ToolSessionHandle;
}

/**
 * Applies the handoff of a response whose other calls all have their outputs: the target is resolved, the `input` validated and `onHandoff` run (both through
 * the guarded path, bounded by the tool timeout and the call's signal), the new agent's config built;
 * only then are the old agent's other calls cancelled and the agent switched. Wire order:
 * `session.update`, the handoff's output, then the response that lets the new agent speak. Any
 * failure keeps the agent, reports a {@link HandoffError} and tells the model.
 */
export async function applyHandoff<Ctx>(
  step: HandoffStepHost<Ctx>,
  response: ResponseCalls<Ctx>,
  pending: PendingHandoff<Ctx>,
): Promise<void> {
  const { host } = step;
  const { call, handoff } = pending;
  const record = response.calls.get(call.callId) as CallRecord;
  const from = response.agent;
  const finish = (outcome: ToolOutcome) => step.finish(response, record, outcome);
  const fail = (
    to: string,
    cause: unknown,
    error: ToolCallError = new ToolExecutionError(call.name, call.callId, cause),
  ) => {
    host.error(new HandoffError(from.name, to, cause));
    finish({
      ok: false,
      output: `Error: the transfer to "${to}" failed; continue helping the user yourself.`,
      error,
    });
  };

  const target = guardedSyncCall(() => host.resolveHandoff(handoff));
  if (target.status === 'threw') return fail(call.name, target.error);
  const to: Agent<Ctx> = target.value;
  const limits = { signal: record.controller.signal, timeoutMs: host.defaultTimeoutMs };

  let input: unknown;
  if (handoff.input) {
    const parsed = await parseToolArguments(handoff.input, call, limits);
    if (!parsed.ok)
      return finish(
        'error' in parsed
          ? { ok: false, output: parsed.error.message, error: parsed.error }
          : stoppedOutcome(call, parsed.stopped),
      );
    input = parsed.args;
  }
  if (record.done) return;
  if (handoff.onHandoff) {
    const hook = handoff.onHandoff;
    const ran: GuardedOutcome<unknown> = await guardedCall(
      (signal) =>
        hook(
          {
            context: host.context,
            callId: call.callId,
            idempotencyKey: host.idempotencyKey(call.callId),
            agent: from,
            session: step.sessionHandle(response, record),
            signal,
          },
          input,
        ),
      limits,
    );
    if (record.done) return;
    if (ran.status === 'threw') return fail(to.name, ran.error);
    if (ran.status === 'timed_out') {
      const timeout = new ToolTimeoutError(call.name, call.callId, ran.timeoutMs);
      return fail(to.name, timeout, timeout);
    }
    if (ran.status === 'aborted') return finish(stoppedOutcome(call, ran));
  }

  const prepared = host.prepareSwitch(to);
  if (!prepared.ok) return fail(to.name, prepared.error);
  step.abortOthers(response);
  prepared.commit();
  finish({
    ok: true,
    output: JSON.stringify({ transferred_to: to.name }),
    result: { transferredTo: to.name },
  });
  host.handoff({
    type: 'handoff',
    from: from.name,
    to: to.name,
    callId: call.callId,
    ...(handoff.input ? { input } : {}),
  });
}
