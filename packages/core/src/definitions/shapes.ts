import type { z } from 'zod';
import type { Voice } from '../protocol/index.js';
import type { AgentGuardrails } from './guardrail.js';
import type { AgentSessionOverrides } from './session-overrides.js';
import type { ToolTrust } from './tool-trust.js';

// The shapes of agents, tools and handoffs, declared apart from the functions that make them, so
// that agent.ts, handoff.ts and tool.ts depend on this module and not on each other.

/**
 * The part of the live session a tool may use. The session implements it; tests can pass a stub.
 *
 * @example
 * ```ts
 * import { type ToolSessionHandle } from '@switchboard/core';
 *
 * const handle: ToolSessionHandle = { agentName: 'Triage', sendText: (text) => console.log(text) };
 * ```
 */
export interface ToolSessionHandle {
  /** The agent active now (may differ from `ctx.agent` once a handoff happened). */
  readonly agentName: string;
  /** Adds a user text message to the conversation and asks for a response. */
  sendText(text: string): void;
}

/**
 * What a tool's `execute` (and `needsApproval`, and a handoff's `onHandoff`) receives besides its arguments.
 *
 * @example
 * ```ts
 * import { createKit } from '@switchboard/core';
 * import { z } from 'zod';
 *
 * const { tool } = createKit<{ notes: string[] }>();
 * const lookupInvoice = tool({
 *   name: 'lookup_invoice',
 *   description: 'Look up an invoice by its id',
 *   parameters: z.object({ invoiceId: z.string() }),
 *   execute: async ({ invoiceId }, ctx) => {
 *     ctx.context.notes.push(`looked up ${invoiceId}`);
 *     return fetch(`/invoices/${invoiceId}`, { signal: ctx.signal }).then((r) => r.json());
 *   },
 * });
 * ```
 */
export interface ToolContext<Ctx = unknown> {
  /** The swarm's shared context (the same object for every agent and call). */
  readonly context: Ctx;
  /** The `call_id` of the model's function call. */
  readonly callId: string;
  /**
   * A key for this call that stays the same wherever the conversation runs (in a cluster, after a
   * failover too): pass it to the systems the tool changes (a payment's idempotency key, a unique
   * column) so that a retried request has no second effect. It is `callId` unless the session has
   * an `idempotencyScope` (the cluster's call id), then `<scope>:<callId>`.
   */
  readonly idempotencyKey: string;
  /** Aborted on timeout, user interruption, handoff and session close: pass it to fetch & co. */
  readonly signal: AbortSignal;
  /** The agent whose tool this is (active when the response that made the call was created). */
  readonly agent: Agent<Ctx>;
  /** The live session. */
  readonly session: ToolSessionHandle;
}

/**
 * What an interruption does to a call of the tool once its `execute` runs (see {@link FunctionTool.onInterrupt}):
 * `cancel` aborts it (its signal fires, the model is told it was cancelled); `finish` lets it run to
 * its end, and its real outcome is what the model gets, on the next turn.
 */
export type InterruptPolicy = 'cancel' | 'finish';

/** What `parameters` may be: a zod object (`z.object`, `z.strictObject`, `z.looseObject`). */
export type ToolParameters = z.ZodObject<z.core.$ZodShape, z.core.$ZodObjectConfig>;

/**
 * Decides per call whether the app must approve it first.
 * (Declared as a method type so a tool with specific arguments fits where any tool is expected.)
 */
export type ApprovalCheck<Args, Ctx> = {
  check(args: Args, ctx: ToolContext<Ctx>): boolean | Promise<boolean>;
}['check'];

/**
 * A function tool made by {@link tool}. `kind: 'function'` tells it apart from a {@link Handoff}.
 * Type arguments: the shared context, the zod parameters, the result.
 */
export interface FunctionTool<
  Ctx = unknown,
  Params extends ToolParameters = ToolParameters,
  Result = unknown,
> {
  readonly kind: 'function';
  readonly name: string;
  readonly description: string;
  readonly parameters: Params;
  readonly timeoutMs: number | undefined;
  readonly needsApproval: boolean | ApprovalCheck<z.output<Params>, Ctx> | undefined;
  /** `model-only`: refused when a browser relays the model's events (see {@link ToolTrust}). */
  readonly trust: ToolTrust;
  /**
   * What a user interruption, a handoff or the session's close does to a call whose `execute` (or
   * the wait for the app's result) has started: `cancel` (the default) aborts it; `finish` lets it
   * run to its end (its timeout still applies) so an irreversible action is never reported as not done.
   */
  readonly onInterrupt: InterruptPolicy;
  /** How long its calls may run before the caller hears a filler (`false`: never); default: the agent's. */
  readonly fillerAfterMs: number | false | undefined;
  /**
   * Runs a call. Absent: the app answers each call with `session.sendFunctionResult(callId, result)`
   * (announced as a `result_requested` event with the validated arguments).
   */
  execute?(args: z.output<Params>, ctx: ToolContext<Ctx>): Result | Promise<Result>;
}

/** A tool an agent offers the model: a function tool or a handoff (tell them apart by `kind`). */
export type AgentTool<Ctx = unknown> = FunctionTool<Ctx> | Handoff<Ctx>;

/**
 * Instructions computed from the shared context each time the agent becomes active.
 * (Declared as a method type so an agent fits where one with a wider context is expected.)
 */
export type InstructionsFunction<Ctx> = {
  build(context: Ctx, agent: Agent<Ctx>): string;
}['build'];

/**
 * An agent made by {@link defineAgent}: immutable; `handoffs` already normalized to {@link Handoff}s.
 */
export interface Agent<Ctx = unknown> {
  readonly kind: 'agent';
  readonly name: string;
  /** The name of the tool other agents use to hand off to this one. */
  readonly handoffToolName: string;
  readonly handoffDescription: string | undefined;
  readonly instructions: string | InstructionsFunction<Ctx>;
  readonly voice: Voice | undefined;
  readonly tools: readonly FunctionTool<Ctx>[];
  readonly handoffs: readonly Handoff<Ctx>[];
  readonly session: AgentSessionOverrides | undefined;
  /** How long its tools may run before the caller hears a filler (`false`: never); default: the session's. */
  readonly fillerAfterMs: number | false | undefined;
  /** Its own guardrails, run with the session's while it is active. */
  readonly guardrails: AgentGuardrails<Ctx> | undefined;
}

/** A target agent, or a function returning it: use the function when agents refer to each other in a cycle. */
export type HandoffTarget<Ctx> = Agent<Ctx> | (() => Agent<Ctx>);

/**
 * Runs when the handoff happens, before the new agent takes over. `ctx.agent` is the agent
 * handing off; `input` is the validated `input` (`undefined` when the handoff has none). A returned
 * promise is awaited; a throw cancels the transfer (the model is told, the session reports it).
 * (Declared as a method type so a handoff with a specific input fits where any handoff is expected.)
 */
export type OnHandoff<Ctx, Input> = {
  hook(ctx: ToolContext<Ctx>, input: Input): unknown;
}['hook'];

/**
 * What the agent taking over a handoff sees of the conversation so far: `append` (the default) the
 * whole conversation as it is; `reset` a clean conversation plus a note; `summary` a clean
 * conversation plus a summary of it, written by the model out of band just before the switch.
 */
export type HandoffContextStrategy = 'append' | 'reset' | 'summary';

/**
 * A handoff made by {@link handoff}: a tool named `transfer_to_<snake_case target name>` whose call
 * makes the target the active agent. `kind: 'handoff'` tells it apart from a {@link FunctionTool}.
 * `name`, `description` and `target()` resolve a thunk target on first use (never while the agents
 * are still being declared).
 */
export interface Handoff<Ctx = unknown, Input = unknown> {
  readonly kind: 'handoff';
  /** `transfer_to_<snake_case target name>`. */
  readonly name: string;
  /** What the model reads about this tool. */
  readonly description: string;
  /** The zod object the model's arguments are validated with, if any. */
  readonly input: z.ZodType<Input> | undefined;
  readonly onHandoff: OnHandoff<Ctx, Input> | undefined;
  /** What the new agent sees of the conversation so far (see {@link HandoffContextStrategy}). */
  readonly context: HandoffContextStrategy;
  /** With `reset`: the note the new agent starts from (default: who handed the call over). */
  readonly note: string | undefined;
  /** `model-only`: refused when a browser relays the model's events (see {@link ToolTrust}). */
  readonly trust: ToolTrust;
  /** The agent this hands off to. Throws a {@link HandoffResolutionError} if a thunk target cannot be resolved. */
  target(): Agent<Ctx>;
}

/**
 * True when `value` is a {@link Handoff} (as opposed to an agent or a function tool).
 */
export function isHandoff(value: unknown): value is Handoff<unknown, unknown> {
  return hasKind(value, 'handoff');
}

/** True when `value` is an agent made by `defineAgent` (the one check of its kind; internal). */
export function isAgent<Ctx = unknown>(value: unknown): value is Agent<Ctx> {
  return hasKind(value, 'agent');
}

/** True when `value` is a function tool made by `tool()` (the one check of its kind; internal). */
export function isFunctionTool<Ctx = unknown>(value: unknown): value is FunctionTool<Ctx> {
  return hasKind(value, 'function');
}

function hasKind(value: unknown, kind: string): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === kind;
}
