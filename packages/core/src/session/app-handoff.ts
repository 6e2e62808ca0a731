import { handoffContextIssue } from '../definitions/handoff.js';
import type { Agent, Handoff, HandoffContextStrategy, ToolSessionHandle } from '../definitions/shapes.js';
import type { Swarm } from '../definitions/swarm.js';
import { UnknownAgentError } from '../errors/config-errors.js';
import { HandoffError, SessionArgumentError } from '../errors/session-errors.js';
import type { PreparedHandover, PreparedSwitch } from '../pipeline/dispatch-host.js';
import { guardedSyncCall } from '../pipeline/guarded-call.js';
import { runHandoffCallbacks } from '../pipeline/handoff-step.js';
import type { HandoffEvent } from './session-events.js';

/**
 * Options of `session.handoffTo(agentName, options)`.
 *
 * @example
 * ```ts
 * import type { HandoffToOptions } from '@switchboard/core';
 *
 * const options: HandoffToOptions = { reason: 'The caller pressed 2 for billing.' };
 * // The supervisor's agent starts from a summary of the call instead of all of it.
 * const escalation: HandoffToOptions = { reason: 'Escalated after 10 minutes.', context: 'summary' };
 * ```
 */
export interface HandoffToOptions {
  /**
   * Why the app hands off: the new agent gets it as a system note before it speaks, and the
   * `handoff` event carries it.
   */
  readonly reason?: string;
  /**
   * The input of the active agent's handoff to that agent, when it declares `input`: validated with
   * its schema and given to its `onHandoff`, as the model's arguments would be.
   */
  readonly input?: unknown;
  /** Whether the new agent speaks at once (a `response.create` after the switch); default `true`. */
  readonly respond?: boolean;
  /**
   * What the new agent sees of the conversation so far (see {@link HandoffContextStrategy}), as for
   * the model's handoffs. Default: the `context` of the active agent's handoff to that agent, when
   * it declares one; else `append`.
   */
  readonly context?: HandoffContextStrategy;
  /** With `context: 'reset'`: the note the new agent starts from (default: the declared handoff's). */
  readonly note?: string;
}

/** What a handoff from code needs from its session. */
export interface AppHandoffHost<Ctx> {
  readonly context: Ctx;
  readonly defaultTimeoutMs: number;
  /** The `ctx.idempotencyKey` its `onHandoff` gets for a call id. */
  idempotencyKey(callId: string): string;
  activeAgent(): Agent<Ctx>;
  /** Builds `agent`'s `session.update`; `commit()` makes it active and sends it. */
  prepare(agent: Agent<Ctx>): PreparedSwitch;
  /** Prepares what the new agent sees of the conversation, as for the model's handoffs; never rejects. */
  prepareHandover(
    strategy: Pick<Handoff<Ctx>, 'context' | 'note'>,
    from: string,
    to: string,
    signal: AbortSignal,
  ): Promise<PreparedHandover>;
  /** The ids of the calls still running (`onInterrupt: 'finish'` ones go on through a handoff). */
  runningCallIds(): ReadonlySet<string>;
  /** The agent being left stops: its response is cancelled, its calls aborted (`handoff`). */
  stopActive(): void;
  /** Adds a text message (`respond`: and asks for a response). */
  sendText(text: string, role: 'user' | 'system', respond: boolean): void;
  /** Asks for the response that lets the new agent speak (in the open turn, or a new one). */
  respond(): void;
  handoff(event: HandoffEvent): void;
}

/**
 * The agent `handoffTo(name)` hands to: the swarm's agent of that name, or (no swarm) the active
 * agent or one of its handoff targets. Throws an {@link UnknownAgentError} naming those it knows.
 */
export function handoffTarget<Ctx>(
  swarm: Swarm<Ctx> | undefined,
  active: Agent<Ctx>,
  name: string,
): Agent<Ctx> {
  if (swarm) return swarm.agent(name);
  const reachable = [active];
  for (const handoff of active.handoffs) {
    const target = guardedSyncCall(() => handoff.target());
    if (target.status === 'ok') reachable.push(target.value);
  }
  const found = reachable.find((agent) => agent.name === name);
  if (found) return found;
  throw new UnknownAgentError(
    name,
    reachable.map((agent) => agent.name),
    `the handoffs of "${active.name}"`,
  );
}

/**
 * The context strategy of a handoff from code: `options.context` and `options.note` when given,
 * else the declared handoff's, else `append`. Throws a {@link SessionArgumentError} for bad ones.
 */
export function appHandoffStrategy<Ctx>(
  from: Agent<Ctx>,
  to: Agent<Ctx>,
  options: HandoffToOptions,
): Pick<Handoff<Ctx>, 'context' | 'note'> {
  const declared = declaredHandoff(from, to);
  const context = options.context ?? declared?.context ?? 'append';
  const note = options.context === undefined && options.note === undefined ? declared?.note : options.note;
  const issue = handoffContextIssue(context, note);
  if (issue) throw new SessionArgumentError('handoffTo', issue.field, issue.value, issue.expected);
  return { context, note };
}

/** The handoff of the active agent that leads to `to`, if it declares one. */
function declaredHandoff<Ctx>(from: Agent<Ctx>, to: Agent<Ctx>): Handoff<Ctx> | undefined {
  return from.handoffs.find((handoff) => {
    const target = guardedSyncCall(() => handoff.target());
    return target.status === 'ok' && target.value.name === to.name;
  });
}

/**
 * Hands the conversation to `to` from code, through the model's handoff path: the active agent's
 * handoff to `to` (if it declares one) has its `input` validated and its `onHandoff` run (guarded,
 * under the session's tool timeout and `signal`); the context strategy is prepared (`summary`: an
 * out-of-band summary) and the new agent's config built; only then does the old agent stop (its
 * response cancelled, its calls aborted with `handoff`), the agent switch (`session.update` with an
 * `event_id`, so a refusal puts the previous agent back), the strategy apply (`reset`, `summary`:
 * the conversation cleared but for the calls still running, then the note), the `handoff` event go
 * out, the reason go in as a system note and the new agent speak. Resolves with the
 * event; rejects with a {@link HandoffError} when anything before the switch fails (nothing changed).
 */
export async function handoffFromApp<Ctx>(
  host: AppHandoffHost<Ctx>,
  request: {
    readonly from: Agent<Ctx>;
    readonly to: Agent<Ctx>;
    /** The `callId` its `onHandoff` sees (`app_handoff_<n>`). */
    readonly callId: string;
    readonly signal: AbortSignal;
    /** What the new agent sees of the conversation (see {@link appHandoffStrategy}). */
    readonly strategy: Pick<Handoff<Ctx>, 'context' | 'note'>;
  },
  options: HandoffToOptions,
): Promise<HandoffEvent> {
  const { from, to, callId, signal, strategy } = request;
  const fail = (cause: unknown) => Promise.reject(new HandoffError(from.name, to.name, cause));
  const handoff = declaredHandoff(from, to);
  let input: unknown;
  if (handoff) {
    const session: ToolSessionHandle = {
      get agentName() {
        return host.activeAgent().name;
      },
      sendText: (text) => host.sendText(text, 'user', true),
    };
    const call = { name: handoff.name, callId, arguments: JSON.stringify(options.input ?? {}) };
    const ran = await runHandoffCallbacks(host, handoff, call, { agent: from, session, signal });
    if (ran.status === 'invalid') return fail(ran.error);
    if (ran.status === 'failed') return fail(ran.cause);
    if (ran.status === 'stopped')
      return fail(ran.stop.status === 'aborted' ? `cancelled (${String(ran.stop.reason)})` : 'timed out');
    input = ran.input;
  }
  const handover = await host.prepareHandover(strategy, from.name, to.name, signal);
  if (signal.aborted) return fail(`cancelled (${String(signal.reason)})`);
  if (host.activeAgent() !== from)
    return fail(`the active agent changed to "${host.activeAgent().name}" meanwhile`);
  const prepared = host.prepare(to);
  if (!prepared.ok) return fail(prepared.error);
  host.stopActive();
  prepared.commit();
  handover.apply(host.runningCallIds());
  const event: HandoffEvent = {
    type: 'handoff',
    from: from.name,
    to: to.name,
    source: 'app',
    ...(handoff?.input ? { input } : {}),
    ...(options.reason === undefined ? {} : { reason: options.reason }),
  };
  host.handoff(event);
  if (options.reason !== undefined)
    host.sendText(`The conversation was handed to you (${to.name}): ${options.reason}`, 'system', false);
  if (options.respond !== false) host.respond();
  return event;
}
