import type { Agent, Handoff, ToolSessionHandle } from '../definitions/shapes.js';
import { HandoffError } from '../errors/session-errors.js';
import {
  type ToolArgumentsError,
  type ToolCallError,
  ToolExecutionError,
  ToolTimeoutError,
} from '../errors/tool-errors.js';
import type { DispatchHost } from './dispatch-host.js';
import { type GuardedOutcome, type GuardedStop, guardedCall, guardedSyncCall } from './guarded-call.js';
import type { CallRecord, PendingHandoff, ResponseCalls } from './response-calls.js';
import { parseToolArguments } from './tool-arguments.js';
import { type FunctionCall, stoppedOutcome, type ToolOutcome } from './tool-runner.js';

/** What applying a handoff needs from the dispatcher. */
export interface HandoffStepHost<Ctx> {
  readonly host: DispatchHost<Ctx>;
  /** Settles a call (its output, `tool_end`); a call settled already is left alone. */
  finish(response: ResponseCalls<Ctx>, record: CallRecord, outcome: ToolOutcome): void;
  /** Cancels the calls of every other response: they belong to the agent being left. */
  abortOthers(response: ResponseCalls<Ctx>): void;
  /** The ids of the calls not settled yet, in every response (the handoff's own call among them). */
  runningCallIds(): ReadonlySet<string>;
  /** The `ctx.session` a callback of this call gets. */
  sessionHandle(response: ResponseCalls<Ctx>, record: CallRecord): ToolSessionHandle;
}

/** How a handoff's own callbacks (its `input` schema, then `onHandoff`) ended. */
export type HandoffCallbacks =
  | { readonly status: 'ok'; readonly input: unknown }
  /** The input does not fit the handoff's `input` schema. */
  | { readonly status: 'invalid'; readonly error: ToolArgumentsError }
  /** Aborted (interrupt, close, a newer handoff), or the input's validation timed out. */
  | { readonly status: 'stopped'; readonly stop: GuardedStop }
  /** `onHandoff` threw or timed out: the handoff fails with a {@link HandoffError}. */
  | { readonly status: 'failed'; readonly cause: unknown; readonly error?: ToolCallError };

/**
 * Runs a handoff's callbacks through the guarded path, bounded by the session's tool timeout and
 * `ctx.signal`: the `input` schema over `call.arguments` (JSON), then `onHandoff`. Shared by the
 * model's handoffs and `session.handoffTo()`, so both validate and call the hook alike.
 */
export async function runHandoffCallbacks<Ctx>(
  host: Pick<DispatchHost<Ctx>, 'context' | 'defaultTimeoutMs' | 'idempotencyKey'>,
  handoff: Handoff<Ctx>,
  call: FunctionCall,
  ctx: { readonly agent: Agent<Ctx>; readonly session: ToolSessionHandle; readonly signal: AbortSignal },
): Promise<HandoffCallbacks> {
  const limits = { signal: ctx.signal, timeoutMs: host.defaultTimeoutMs };
  let input: unknown;
  if (handoff.input) {
    const parsed = await parseToolArguments(handoff.input, call, limits);
    if (!parsed.ok)
      return 'error' in parsed
        ? { status: 'invalid', error: parsed.error }
        : { status: 'stopped', stop: parsed.stopped };
    input = parsed.args;
  }
  if (ctx.signal.aborted)
    return { status: 'stopped', stop: { status: 'aborted', reason: ctx.signal.reason } };
  const hook = handoff.onHandoff;
  if (!hook) return { status: 'ok', input };
  const ran: GuardedOutcome<unknown> = await guardedCall(
    (signal) =>
      hook(
        {
          context: host.context,
          callId: call.callId,
          idempotencyKey: host.idempotencyKey(call.callId),
          agent: ctx.agent,
          session: ctx.session,
          signal,
        },
        input,
      ),
    limits,
  );
  switch (ran.status) {
    case 'ok':
      return { status: 'ok', input };
    case 'threw':
      return { status: 'failed', cause: ran.error };
    case 'timed_out': {
      const timeout = new ToolTimeoutError(call.name, call.callId, ran.timeoutMs);
      return { status: 'failed', cause: timeout, error: timeout };
    }
    case 'aborted':
      return { status: 'stopped', stop: ran };
  }
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

  const ran = await runHandoffCallbacks(host, handoff, call, {
    agent: from,
    session: step.sessionHandle(response, record),
    signal: record.controller.signal,
  });
  if (record.done) return;
  switch (ran.status) {
    case 'invalid':
      return finish({ ok: false, output: ran.error.message, error: ran.error });
    case 'stopped':
      return finish(stoppedOutcome(call, ran.stop));
    case 'failed':
      return fail(to.name, ran.cause, ran.error);
  }
  const input = ran.input;

  const handover = await host.prepareHandover(handoff, from.name, to.name, record.controller.signal);
  if (record.done) return;
  const prepared = host.prepareSwitch(to);
  if (!prepared.ok) return fail(to.name, prepared.error);
  step.abortOthers(response);
  prepared.commit();
  handover.apply(step.runningCallIds());
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
