import type { Agent } from './agent.js';
import type { Handoff } from './handoff.js';
import {
  type ClientEvent,
  type FunctionCallItem,
  ProtocolError,
  type ServerEvent,
} from './protocol/index.js';
import { findTool } from './session-config.js';
import { CallAfterCloseError, HandoffError } from './session-errors.js';
import type { HandoffEvent, ToolCallEvent } from './session-events.js';
import type { ToolSessionHandle } from './tool.js';
import { parseToolArguments } from './tool-arguments.js';
import { type CancelReason, ToolCancelledError } from './tool-errors.js';
import { type ApprovalDecision, type FunctionCall, runToolCall, type ToolOutcome } from './tool-runner.js';

/** What the pipeline needs from the session that owns it. */
export interface DispatchHost<Ctx> {
  readonly context: Ctx;
  readonly session: ToolSessionHandle;
  readonly defaultTimeoutMs: number;
  activeAgent(): Agent<Ctx>;
  resolveHandoff(handoff: Handoff<Ctx>): Agent<Ctx>;
  /** Makes `agent` the active one and sends its `session.update`. */
  switchAgent(agent: Agent<Ctx>): void;
  send(event: ClientEvent): void;
  /** Asks for the one follow-up `response.create` (sequenced by the session). */
  requestResponse(): void;
  toolEvent(event: ToolCallEvent): void;
  handoff(event: HandoffEvent): void;
  error(error: Error): void;
}

type ResponseStatus = 'in_progress' | 'completed' | 'cancelled' | 'failed' | 'incomplete';

interface CallRecord {
  readonly call: FunctionCall;
  /** A handoff tool, or a function tool (also for names the agent does not have). */
  readonly kind: 'function' | 'handoff';
  readonly controller: AbortController;
  done: boolean;
}

interface PendingHandoff<Ctx> {
  readonly call: FunctionCall;
  readonly handoff: Handoff<Ctx>;
  started: boolean;
}

/** The calls of one response, matched against the agent that was active when it was created. */
interface ResponseCalls<Ctx> {
  readonly id: string;
  readonly agent: Agent<Ctx>;
  readonly calls: Map<string, CallRecord>;
  status: ResponseStatus;
  handoff: PendingHandoff<Ctx> | undefined;
  /** Set when its calls were aborted: such a response never gets a follow-up. */
  aborted: CancelReason | undefined;
}

/** Follow-up responses are requested for these endings; a cancelled or failed response gets none. */
const FOLLOW_UP: ReadonlySet<ResponseStatus> = new Set(['completed', 'incomplete']);

/**
 * The tool pipeline of DESIGN.md: a completed `function_call` starts its tool at once; the tools
 * of one response run concurrently; each gets exactly one `function_call_output`; when the response
 * is done and every output is sent, one `response.create` follows (in the same tick as the last
 * output). A handoff in a response is applied after its sibling calls have their outputs:
 * `session.update` for the new agent, the handoff's output, then the response that lets it speak.
 */
export class ToolDispatcher<Ctx> {
  readonly #responses = new Map<string, ResponseCalls<Ctx>>();
  readonly #seenCalls = new Set<string>();
  readonly #approvals = new Map<string, (decision: ApprovalDecision) => void>();
  #closed = false;

  constructor(private readonly host: DispatchHost<Ctx>) {}

  /** Feeds one parsed server event to the pipeline. */
  observe(event: ServerEvent): void {
    switch (event.type) {
      case 'response.created':
        if (event.response.id) this.#track(event.response.id);
        return;
      case 'response.output_item.done':
        if (event.item.type === 'function_call') this.#start(event.response_id, event.item);
        return;
      case 'response.done': {
        const id = event.response.id;
        if (!id) return;
        // A call missed as output_item.done (or seen first here after a reconnect) starts now; seen ids never run twice.
        for (const item of event.response.output ?? [])
          if (item.type === 'function_call') this.#start(id, item);
        const response = this.#responses.get(id);
        if (!response) return;
        response.status = (event.response.status as ResponseStatus | undefined) ?? 'completed';
        if (response.status === 'cancelled' || response.status === 'failed')
          this.#abortResponse(response, 'response_cancelled');
        this.#advance(response);
        return;
      }
      default:
        return;
    }
  }

  /** Resolves a pending approval. Returns false when no call with that id is waiting. */
  decide(callId: string, decision: ApprovalDecision): boolean {
    const resolve = this.#approvals.get(callId);
    if (!resolve) return false;
    this.#approvals.delete(callId);
    resolve(decision);
    return true;
  }

  /** The user interrupted: every call in flight is aborted and no follow-up response is requested. */
  interrupt(): void {
    for (const response of this.#responses.values()) this.#abortResponse(response, 'interrupted');
  }

  /** The session closed: calls are aborted, their outputs are not sent, later calls are reported. */
  close(): void {
    this.#closed = true;
    for (const response of this.#responses.values()) this.#abortResponse(response, 'session_closed');
  }

  #track(responseId: string): ResponseCalls<Ctx> {
    let response = this.#responses.get(responseId);
    if (!response) {
      response = {
        id: responseId,
        agent: this.host.activeAgent(),
        calls: new Map(),
        status: 'in_progress',
        handoff: undefined,
        aborted: undefined,
      };
      this.#responses.set(responseId, response);
    }
    return response;
  }

  #start(responseId: string, item: FunctionCallItem): void {
    if (!item.call_id) {
      // Without a call_id no output can be matched to the call: report it rather than guess.
      const issues = [{ path: 'item.call_id', message: 'a completed function_call needs a call_id' }];
      this.host.error(
        new ProtocolError({ direction: 'server', eventType: 'response.output_item.done', issues, raw: item }),
      );
      return;
    }
    const call: FunctionCall = { name: item.name, callId: item.call_id, arguments: item.arguments ?? '' };
    if (this.#seenCalls.has(call.callId)) return;
    this.#seenCalls.add(call.callId);
    if (this.#closed) {
      this.host.error(new CallAfterCloseError(call.name, call.callId));
      return;
    }
    const response = this.#track(responseId);
    const agent = response.agent;
    const tool = findTool(agent, call.name);
    const kind = tool?.kind ?? 'function';
    const record: CallRecord = { call, kind, controller: new AbortController(), done: false };
    response.calls.set(call.callId, record);
    this.host.toolEvent({
      type: 'tool_start',
      kind,
      callId: call.callId,
      name: call.name,
      agent: agent.name,
      responseId,
      arguments: call.arguments,
    });

    if (tool?.kind === 'handoff') {
      if (response.handoff) {
        const first = this.host.resolveHandoff(response.handoff.handoff).name;
        this.#finish(response, record, performance.now(), {
          ok: false,
          output: `Error: ignored; this response already hands the conversation to "${first}".`,
          error: new ToolCancelledError(call.name, call.callId, 'handoff'),
        });
      } else {
        response.handoff = { call, handoff: tool, started: false };
      }
      return;
    }

    const startedAt = performance.now();
    void runToolCall(call, {
      tool,
      availableTools: [...agent.tools, ...agent.handoffs].map((t) => t.name),
      signal: record.controller.signal,
      defaultTimeoutMs: this.host.defaultTimeoutMs,
      context: { context: this.host.context, callId: call.callId, agent, session: this.host.session },
      requestApproval: (args) => this.#requestApproval(call, agent.name, args),
    }).then((outcome) => this.#finish(response, record, startedAt, outcome));
  }

  #requestApproval(call: FunctionCall, agent: string, args: unknown): Promise<ApprovalDecision> {
    return new Promise((resolve) => {
      this.#approvals.set(call.callId, resolve);
      this.host.toolEvent({
        type: 'approval_requested',
        callId: call.callId,
        name: call.name,
        agent,
        arguments: args,
      });
    });
  }

  #finish(response: ResponseCalls<Ctx>, record: CallRecord, startedAt: number, outcome: ToolOutcome): void {
    const { call } = record;
    record.done = true;
    this.#approvals.delete(call.callId);
    const outputSent = !this.#closed;
    if (outputSent) {
      this.host.send({
        type: 'conversation.item.create',
        item: { type: 'function_call_output', call_id: call.callId, output: outcome.output },
      });
    }
    this.host.toolEvent({
      type: 'tool_end',
      kind: record.kind,
      callId: call.callId,
      name: call.name,
      agent: response.agent.name,
      responseId: response.id,
      durationMs: performance.now() - startedAt,
      outcome: outcome.ok ? 'success' : outcome.error.code,
      output: outcome.output,
      ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }),
      outputSent,
    });
    this.#advance(response);
  }

  /** Moves a response on once it is done and its function calls have their outputs. */
  #advance(response: ResponseCalls<Ctx>): void {
    if (response.status === 'in_progress' || this.#closed) return;
    for (const record of response.calls.values()) {
      if (!record.done && record.call.callId !== response.handoff?.call.callId) return;
    }
    const handoff = response.handoff;
    if (handoff && !handoff.started) {
      handoff.started = true;
      void this.#applyHandoff(response, handoff);
      return;
    }
    if (handoff && !response.calls.get(handoff.call.callId)?.done) return;
    this.#responses.delete(response.id);
    if (followsUp(response) && response.calls.size > 0) this.host.requestResponse();
  }

  async #applyHandoff(response: ResponseCalls<Ctx>, pending: PendingHandoff<Ctx>): Promise<void> {
    const { call, handoff } = pending;
    const record = response.calls.get(call.callId) as CallRecord;
    const startedAt = performance.now();
    const from = response.agent;
    const to = this.host.resolveHandoff(handoff);
    const finish = (outcome: ToolOutcome) => this.#finish(response, record, startedAt, outcome);

    if (!followsUp(response)) return finish(cancelledOutcome(call, response.aborted ?? 'response_cancelled'));
    let input: unknown;
    if (handoff.input) {
      const parsed = parseToolArguments(handoff.input, call.name, call.callId, call.arguments);
      if (!parsed.ok) return finish({ ok: false, output: parsed.error.message, error: parsed.error });
      input = parsed.args;
    }
    try {
      await handoff.onHandoff?.(
        {
          context: this.host.context,
          callId: call.callId,
          agent: from,
          session: this.host.session,
          signal: record.controller.signal,
        },
        input,
      );
    } catch (cause) {
      this.host.error(new HandoffError(from.name, to.name, cause));
      const error = new ToolCancelledError(call.name, call.callId, 'handoff');
      return finish({
        ok: false,
        output: `Error: the transfer to "${to.name}" failed; continue helping the user yourself.`,
        error,
      });
    }
    if (this.#closed || !followsUp(response))
      return finish(cancelledOutcome(call, response.aborted ?? 'session_closed'));

    // Tools of other responses still running belong to the agent being left: cancel them.
    for (const other of this.#responses.values())
      if (other !== response) this.#abortResponse(other, 'handoff');
    // Wire order: session.update (new agent), the handoff's output, then the response.create.
    this.host.switchAgent(to);
    finish({
      ok: true,
      output: JSON.stringify({ transferred_to: to.name }),
      result: { transferredTo: to.name },
    });
    this.host.handoff({
      type: 'handoff',
      from: from.name,
      to: to.name,
      callId: call.callId,
      ...(handoff.input ? { input } : {}),
    });
  }

  #abortResponse(response: ResponseCalls<Ctx>, reason: CancelReason): void {
    response.aborted = response.aborted ?? reason;
    for (const record of response.calls.values()) {
      if (!record.done) record.controller.abort(reason);
    }
    // A handoff not yet applied has no running promise to notice the abort: settle it here.
    const handoff = response.handoff;
    if (handoff && !handoff.started && response.status !== 'in_progress') this.#advance(response);
  }
}

function followsUp(response: ResponseCalls<unknown>): boolean {
  return FOLLOW_UP.has(response.status) && response.aborted === undefined;
}

function cancelledOutcome(call: FunctionCall, reason: CancelReason): ToolOutcome {
  const error = new ToolCancelledError(call.name, call.callId, reason);
  return { ok: false, output: error.message, error };
}
