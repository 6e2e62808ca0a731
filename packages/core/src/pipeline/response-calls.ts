import type { Agent, AgentTool, Handoff, InterruptPolicy, ToolSessionHandle } from '../definitions/shapes.js';
import { type CancelReason, ToolCancelledError } from '../errors/tool-errors.js';
import type { DispatchHost } from './dispatch-host.js';
import { guardedSyncCall } from './guarded-call.js';
import { RecentIds } from './recent-ids.js';
import type { JournaledCall } from './tool-outcomes.js';
import { type CallRunner, type FunctionCall, failed, type ToolOutcome } from './tool-runner.js';

/** How a response ended, as the pipeline sees it (`in_progress` until `response.done`). */
export type ResponseStatus = 'in_progress' | 'completed' | 'cancelled' | 'failed' | 'incomplete';

/** One function call of a response. */
export interface CallRecord {
  readonly call: FunctionCall;
  /** A handoff tool, or a function tool (also for names the agent does not have). */
  readonly kind: 'function' | 'handoff';
  readonly controller: AbortController;
  readonly startedAt: number;
  /** Its tool's `onInterrupt` (`cancel` for handoffs and unknown tools). */
  readonly onInterrupt: InterruptPolicy;
  /** Set once its `execute` (or the wait for the app's result) started. */
  runner: CallRunner | undefined;
  /** An interruption that let it go on (`onInterrupt: 'finish'`): reported on its `tool_end`. */
  interruptedBy: CancelReason | undefined;
  /** Settles once its outcome is decided (never rejects). */
  settled: Promise<void>;
  /** Set once its outcome is decided; later outcomes (a tool finishing after an abort) are dropped. */
  done: boolean;
  /** Claimed in the outcome store to run here: its outcome is recorded before its output is sent. */
  journaled?: JournaledCall;
  /** Its outcome came from the outcome store (an earlier owner's): the tool did not run here. */
  replayed?: boolean;
  /** Settles (never rejects) once its outcome is in the outcome store (set when it is settled). */
  recorded?: Promise<void>;
}

/**
 * Whether an abort for `reason` lets the call go on: its tool says `onInterrupt: 'finish'` and its
 * `execute` has started (before that, nothing irreversible happened and it is cancelled like any
 * call). At close, a call waiting for the app's result is cancelled all the same: nobody can answer it.
 */
export function goesOnDespite(record: CallRecord, reason: CancelReason): boolean {
  if (record.onInterrupt !== 'finish' || record.runner === undefined) return false;
  return reason !== 'session_closed' || record.runner === 'execute';
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
  /** Its one automatic `response.create` was requested. */
  followedUp: boolean;
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

/**
 * The outcome of a call that must not run at all, or `undefined` when it may: a call of an
 * interrupted or cancelled response (start nothing after a cancel), a handoff in an out-of-band
 * response, a second handoff in one response.
 */
export function settledAtStart<Ctx>(
  response: ResponseCalls<Ctx>,
  call: FunctionCall,
  tool: AgentTool<Ctx> | undefined,
  targetName: (handoff: Handoff<Ctx>) => string,
): ToolOutcome | undefined {
  if (!mayRun(response)) return cancelledOutcome(call, response.aborted ?? 'response_cancelled');
  if (tool?.kind !== 'handoff') return undefined;
  if (response.outOfBand) return cancelledOutcome(call, 'out_of_band');
  if (!response.handoff) return undefined;
  const pending = response.handoff.handoff;
  const target = guardedSyncCall(() => targetName(pending));
  const first = target.status === 'ok' ? target.value : pending.name;
  const output = `Error: ignored; this response already hands the conversation to "${first}".`;
  return { ...cancelledOutcome(call, 'handoff'), output };
}

/**
 * `ctx.session` for one call: a `sendText` while the call runs asks for its response only after the
 * outputs (with the follow-up), so the model never answers before the tool's own output is in.
 */
export function callSessionHandle<Ctx>(
  host: Pick<DispatchHost<Ctx>, 'activeAgent' | 'sendText'>,
  response: ResponseCalls<Ctx>,
  record: CallRecord,
): ToolSessionHandle {
  return {
    get agentName() {
      return host.activeAgent().name;
    },
    sendText(text) {
      const later = !record.done && !response.finished;
      host.sendText(text, !later);
      if (later) response.responseWanted = true;
    },
  };
}

/** How many finished responses are remembered for late or repeated events. */
const FINISHED_CAPACITY = 32;

/**
 * The responses the pipeline follows: those in progress or with calls still to settle, and the most
 * recent finished ones, so that a late or repeated event for a finished response finds it again (its
 * status, its agent, whether it already got its follow-up) instead of starting a stranger.
 */
export class ResponseBook<Ctx> {
  readonly #active = new Map<string, ResponseCalls<Ctx>>();
  readonly #finished = new Map<string, ResponseCalls<Ctx>>();
  readonly #finishedOrder = new RecentIds(FINISHED_CAPACITY);

  /** Whether a response of that id is followed (active or recently finished). */
  knows(id: string): boolean {
    return this.#active.has(id) || this.#finished.has(id);
  }

  /** The response of that id, a recently finished one becoming active again; `undefined` if unknown. */
  find(id: string): ResponseCalls<Ctx> | undefined {
    const active = this.#active.get(id);
    if (active) return active;
    const finished = this.#finished.get(id);
    if (!finished) return undefined;
    this.#finished.delete(id);
    finished.finished = false;
    this.#active.set(id, finished);
    return finished;
  }

  /** Starts following a response created while `agent` was active. */
  open(id: string, agent: Agent<Ctx>, outOfBand: boolean): ResponseCalls<Ctx> {
    const response: ResponseCalls<Ctx> = {
      id,
      agent,
      calls: new Map(),
      outOfBand,
      status: 'in_progress',
      handoff: undefined,
      aborted: undefined,
      responseWanted: false,
      finished: false,
      followedUp: false,
    };
    this.#active.set(id, response);
    return response;
  }

  /** Every call of the response is settled: it moves to the finished ones (the oldest is forgotten). */
  finish(response: ResponseCalls<Ctx>): void {
    response.finished = true;
    this.#active.delete(response.id);
    this.#finished.set(response.id, response);
    this.#finishedOrder.add(response.id);
    for (const id of this.#finished.keys()) if (!this.#finishedOrder.has(id)) this.#finished.delete(id);
  }

  /** The active responses, as a snapshot (settling calls may finish them meanwhile). */
  active(): ResponseCalls<Ctx>[] {
    return [...this.#active.values()];
  }

  /** Responses followed (active and finished) and the calls they hold. */
  get load(): { readonly responses: number; readonly calls: number } {
    let calls = 0;
    for (const response of this.#active.values()) calls += response.calls.size;
    for (const response of this.#finished.values()) calls += response.calls.size;
    return { responses: this.#active.size + this.#finished.size, calls };
  }

  clear(): void {
    this.#active.clear();
    this.#finished.clear();
    this.#finishedOrder.clear();
  }
}
