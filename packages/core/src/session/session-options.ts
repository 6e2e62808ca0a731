import type { Agent } from '../definitions/shapes.js';
import type { Swarm } from '../definitions/swarm.js';
import { isValidTimeoutMs, TIMEOUT_EXPECTED } from '../definitions/timeouts.js';
import { SessionOptionError } from '../errors/config-errors.js';
import type { PriceTable } from '../observability/pricing.js';
import type { SessionTelemetry } from '../observability/telemetry.js';
import type { ToolOutcomeStore } from '../pipeline/tool-outcomes.js';
import type { RealtimeTransport } from '../transport/transport.js';
import type { BudgetOptions } from './budget-options.js';
import type { ForeignSessionUpdatePolicy } from './config-watch.js';
import type { DEFAULT_FILLER_AFTER_MS, FillerOptions } from './dead-air.js';
import type { GuardrailOptions } from './guardrail-options.js';
import type { SessionResume } from './resume.js';
import type { RolloverOptions } from './rollover.js';

/** Options of a {@link RealtimeSession}: a transport, and either a swarm or a single agent with its context. */
export type RealtimeSessionOptions<Ctx> = {
  readonly transport: RealtimeTransport;
  /**
   * Used for tools that set no `timeoutMs`, and for every handoff's `input` and `onHandoff` (default
   * 30 s). Above 0 and at most 2^31−1; anything else is refused with a {@link SessionOptionError}.
   */
  readonly toolTimeoutMs?: number;
  /**
   * Journals every tool call so a tool runs at most once per `call_id`, even when the conversation
   * moves to another process: a call is claimed before its tool runs (a call claimed before is not
   * run again) and its outcome recorded before its output is sent. Without it, calls are remembered
   * in memory only. See {@link ToolOutcomeStore}.
   */
  readonly toolOutcomes?: ToolOutcomeStore;
  /**
   * Makes `ctx.idempotencyKey` `<scope>:<call_id>`: an id of the conversation that stays the same
   * wherever it runs (the cluster's call id). Without it, the key is the `call_id`.
   */
  readonly idempotencyScope?: string;
  /** Picks up a conversation another process had before (see {@link SessionResume}). */
  readonly resume?: SessionResume;
  /**
   * What the caller hears while tools run (see {@link FillerOptions}): by default a short spoken line
   * after {@link DEFAULT_FILLER_AFTER_MS} while the session speaks; `false` turns fillers off.
   */
  readonly filler?: FillerOptions | false;
  /**
   * Guardrails before speech (see {@link GuardrailOptions}): checks over what the user and the model
   * say, for every agent (each agent's own `guardrails` run too while it is active), the safe line
   * said instead, and how the checks run. `guardrails$` reports each trip.
   */
  readonly guardrails?: GuardrailOptions<Ctx>;
  /**
   * Session rollover before the server's time cap (see {@link RolloverOptions}); on by default when
   * the transport can `renew()` and knows its cap. `false` turns it off, and with it the rollover
   * on `session_expired`. Options on a transport that cannot renew are refused with a
   * {@link SessionOptionError}.
   */
  readonly rollover?: RolloverOptions | false;
  /**
   * Prices per model for `usage$` and the cost metrics (default {@link priceTable}); a model it
   * lacks is counted in tokens, not in cost.
   */
  readonly prices?: PriceTable;
  /**
   * A per-call budget (see {@link BudgetOptions}): at most so many minutes, tokens or dollars, with
   * a warning note to the agent, then a goodbye and hang-up or a switch to a cheaper model.
   * Invalid options are refused with a {@link SessionOptionError} naming the field.
   */
  readonly budget?: BudgetOptions;
  /** Spans and metrics: `openTelemetry()` from `@switchboard/core/otel`, or your own. Absent: none, at no cost. */
  readonly telemetry?: SessionTelemetry;
  /**
   * On a transport whose realtime session a browser can change too (`sessionControl: 'shared'`:
   * WebRTC sideband and relay), what to do when `session.updated` shows a config that is not the
   * active agent's (instructions, tools, tool choice, the agent's session settings): every time, a
   * `ForeignSessionUpdateError` goes on `errors$`, then `'reassert'` (default) sends the agent's
   * config again, `'hangup'` ends the call, `'report'` does nothing more. Ignored on other transports.
   */
  readonly onForeignSessionUpdate?: ForeignSessionUpdatePolicy;
} & (
  | { readonly swarm: Swarm<Ctx>; readonly agent?: undefined; readonly context?: undefined }
  | { readonly agent: Agent<Ctx>; readonly context: Ctx; readonly swarm?: undefined }
);

/** The lifecycle of a session. */
export type SessionState = 'idle' | 'connecting' | 'open' | 'closing' | 'closed';

const DEFAULT_TOOL_TIMEOUT_MS = 30_000;

const FOREIGN_UPDATE_POLICIES: readonly unknown[] = [
  'reassert',
  'hangup',
  'report',
] satisfies ForeignSessionUpdatePolicy[];

/** The session's `onForeignSessionUpdate`; throws a {@link SessionOptionError} for an unknown one. */
export function foreignUpdatePolicyOf(options: {
  readonly onForeignSessionUpdate?: ForeignSessionUpdatePolicy;
}): ForeignSessionUpdatePolicy {
  const { onForeignSessionUpdate = 'reassert' } = options;
  if (!FOREIGN_UPDATE_POLICIES.includes(onForeignSessionUpdate))
    throw new SessionOptionError(
      'onForeignSessionUpdate',
      onForeignSessionUpdate,
      "'reassert', 'hangup' or 'report'",
    );
  return onForeignSessionUpdate;
}

/** The session's tool timeout; throws a {@link SessionOptionError} for one out of range (nothing is clamped). */
export function toolTimeoutOf(options: { readonly toolTimeoutMs?: number }): number {
  const { toolTimeoutMs = DEFAULT_TOOL_TIMEOUT_MS } = options;
  if (!isValidTimeoutMs(toolTimeoutMs))
    throw new SessionOptionError('toolTimeoutMs', toolTimeoutMs, TIMEOUT_EXPECTED);
  return toolTimeoutMs;
}

/** The agent a session starts with: the swarm's start, the agent, or the resumed agent of that name. */
export function startAgentOf<Ctx>(options: RealtimeSessionOptions<Ctx>): Agent<Ctx> {
  const resumed = options.resume?.agent;
  if (options.swarm) return resumed === undefined ? options.swarm.start : options.swarm.agent(resumed);
  if (resumed !== undefined && resumed !== options.agent.name)
    throw new SessionOptionError('resume.agent', resumed, `the session's agent "${options.agent.name}"`);
  return options.agent;
}
