import type { Agent } from './agent.js';
import type { Handoff } from './handoff.js';
import { type CancelReason, ToolCancelledError } from './tool-errors.js';
import { type FunctionCall, failed, type ToolOutcome } from './tool-runner.js';

/** How a response ended, as the pipeline sees it (`in_progress` until `response.done`). */
export type ResponseStatus = 'in_progress' | 'completed' | 'cancelled' | 'failed' | 'incomplete';

/** One function call of a response. */
export interface CallRecord {
  readonly call: FunctionCall;
  /** A handoff tool, or a function tool (also for names the agent does not have). */
  readonly kind: 'function' | 'handoff';
  readonly controller: AbortController;
  readonly startedAt: number;
  /** Set once its outcome is decided; later outcomes (a tool finishing after an abort) are dropped. */
  done: boolean;
}

/** The handoff a response makes, applied once its sibling calls have their outputs. */
export interface PendingHandoff<Ctx> {
  readonly call: FunctionCall;
  readonly handoff: Handoff<Ctx>;
  started: boolean;
}

/** The calls of one response, matched against the agent that was active when it was created. */
export interface ResponseCalls<Ctx> {
  readonly id: string;
  readonly agent: Agent<Ctx>;
  readonly calls: Map<string, CallRecord>;
  /** `conversation: 'none'`: outputs stay with the app and no follow-up is requested. */
  readonly outOfBand: boolean;
  status: ResponseStatus;
  handoff: PendingHandoff<Ctx> | undefined;
  /** Set when its calls were aborted: such a response never gets a follow-up. */
  aborted: CancelReason | undefined;
  /** A tool of it called `ctx.session.sendText()`: the response it asked for comes after the outputs. */
  responseWanted: boolean;
  /** Every call has its outcome and the follow-up (if any) was requested. */
  finished: boolean;
}

/** Follow-up responses are requested for these endings; a cancelled or failed response gets none. */
const FOLLOW_UP: ReadonlySet<ResponseStatus> = new Set(['completed', 'incomplete']);

/** Whether the response's outputs are followed by the automatic `response.create`. */
export function followsUp(response: ResponseCalls<unknown>): boolean {
  return (
    !response.outOfBand &&
    response.calls.size > 0 &&
    FOLLOW_UP.has(response.status) &&
    response.aborted === undefined
  );
}

/** Whether calls of this response may still start (it was not cancelled, failed or interrupted). */
export function mayRun(response: ResponseCalls<unknown>): boolean {
  return response.aborted === undefined && response.status !== 'cancelled' && response.status !== 'failed';
}

/** The status a `response.done` reports, read defensively (a `response.done` is never still in progress). */
export function endedStatus(status: string | undefined): ResponseStatus {
  if (status === undefined || status === 'completed') return 'completed';
  return status === 'cancelled' || status === 'failed' ? status : 'incomplete';
}

/** The outcome of a call that was cancelled (or never started) for `reason`. */
export function cancelledOutcome(call: FunctionCall, reason: CancelReason): ToolOutcome {
  return failed(new ToolCancelledError(call.name, call.callId, reason));
}

/** An out-of-band response (`conversation: 'none'`): the API reports it with `conversation_id: null`. */
export function isOutOfBand(response: { readonly conversation_id?: string | null | undefined }): boolean {
  return response.conversation_id === null;
}
