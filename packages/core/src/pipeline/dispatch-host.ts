import type { Agent, Handoff } from '../definitions/shapes.js';
import type { SessionError } from '../errors/session-errors.js';
import type { ClientEvent } from '../protocol/index.js';
import type { HandoffEvent, ToolCallEvent } from '../session/session-events.js';
import type { ModelEventSource } from './call-trust.js';
import type { ToolOutcomeStore } from './tool-outcomes.js';

/** An agent switch whose `session.update` is built and not yet applied (see {@link DispatchHost.prepareSwitch}). */
export type PreparedSwitch =
  | { readonly ok: true; commit(): void }
  | { readonly ok: false; readonly error: unknown };

/**
 * A handoff's context strategy, ready to apply: `apply` runs right after the new agent's
 * `session.update`, with the calls still running (their items stay: each keeps its one output).
 */
export interface PreparedHandover {
  apply(runningCallIds: ReadonlySet<string>): void;
}

/** Why the pipeline asks for a response. */
export type FollowUpReason = 'outputs' | 'tool_text';

/** What the tool pipeline needs from the session that owns it. */
export interface DispatchHost<Ctx> {
  readonly context: Ctx;
  readonly defaultTimeoutMs: number;
  /** Where calls are claimed before they run and their outcomes recorded before they are sent, if anywhere. */
  readonly toolOutcomes: ToolOutcomeStore | undefined;
  /** The `ctx.idempotencyKey` of a call. */
  idempotencyKey(callId: string): string;
  /** `relayed`: a browser forwards the model's events, so `model-only` tools and handoffs are refused. */
  readonly modelEvents: ModelEventSource;
  activeAgent(): Agent<Ctx>;
  /** The swarm's agent of that name, if there is one (calls adopted from an earlier owner name theirs). */
  agentNamed(name: string): Agent<Ctx> | undefined;
  /** The first agent of the swarm with a tool (or handoff) of that name, if any. */
  agentWithTool(name: string): Agent<Ctx> | undefined;
  /** The swarm's agent a handoff leads to; may throw (an unresolvable target). */
  resolveHandoff(handoff: Handoff<Ctx>): Agent<Ctx>;
  /**
   * Builds `agent`'s `session.update` without changing anything; `commit()` then makes it the
   * active agent and sends it. A build that throws (its `instructions`) leaves the session as it was.
   */
  prepareSwitch(agent: Agent<Ctx>): PreparedSwitch;
  /** Prepares what the new agent sees of the conversation (the handoff's `context`); never rejects. */
  prepareHandover(
    handoff: Handoff<Ctx>,
    from: string,
    to: string,
    signal: AbortSignal,
  ): Promise<PreparedHandover>;
  /** Adds a user text message; `respond` also asks for a response. */
  sendText(text: string, respond: boolean): void;
  send(event: ClientEvent): void;
  /**
   * Asks for a `response.create` (sequenced by the session) after the outputs of `responseId`: its
   * one automatic follow-up, or the response a tool asked for with `ctx.session.sendText()`.
   */
  requestResponse(responseId: string, reason: FollowUpReason): void;
  /** Runs a call's callbacks in the call's telemetry context (see `SessionTelemetryScope.inToolCall`). */
  inToolCall<T>(callId: string, run: () => T): T;
  toolEvent(event: ToolCallEvent): void;
  handoff(event: HandoffEvent): void;
  error(error: SessionError): void;
}
