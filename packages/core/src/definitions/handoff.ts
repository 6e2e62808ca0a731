import type { z } from 'zod';
import { HandoffResolutionError, ToolConfigError } from '../errors/config-errors.js';
import { noteEagerHandoffName } from './handoff-names.js';
import {
  type Agent,
  type Handoff,
  type HandoffContextStrategy,
  type HandoffTarget,
  isAgent,
  type OnHandoff,
  type ToolParameters,
} from './shapes.js';
import { checkToolParameters } from './tool-schema.js';
import { isToolTrust, type ToolTrust, TRUST_EXPECTED } from './tool-trust.js';

/** The options of {@link handoff} without `input`. */
export interface HandoffOptions<Ctx, Input = undefined> {
  /** Tells the model when to transfer; default: the target's `handoffDescription`, else a generic line. */
  readonly description?: string;
  /** Runs when the handoff happens. */
  readonly onHandoff?: OnHandoff<Ctx, Input>;
  /**
   * What the new agent sees of the conversation so far: `append` (default) all of it; `reset` a clean
   * conversation plus {@link note}; `summary` a clean conversation plus a summary the model writes
   * out of band before the switch (if that fails, the conversation stays as it is).
   */
  readonly context?: HandoffContextStrategy;
  /** With `reset`: the system note the new agent starts from (default: who handed the call over). */
  readonly note?: string;
  /**
   * `'model-only'`: the transfer happens only where the server reads the model's own events; when a
   * browser relays them (WebRTC relay mode) it is refused and the agent stays, so a forged transfer
   * cannot reach the target's tools. Default `'any'`. See {@link ToolTrust}.
   */
  readonly trust?: ToolTrust;
}

/** The options of {@link handoff} with `input`: arguments the model fills when it transfers. */
export interface HandoffWithInputOptions<Ctx, S extends ToolParameters>
  extends HandoffOptions<Ctx, z.output<S>> {
  /** A zod object, e.g. `z.object({ reason: z.string() })`: validated per call, sent as the tool's JSON Schema. */
  readonly input: S;
}

/**
 * Makes a handoff tool to `target`. Agents may hand off to each other in cycles: pass a thunk
 * `() => agent` for an agent declared later. (In `defineAgent({ handoffs })`, a plain agent is
 * shorthand for `handoff(agent)`.)
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { type Agent, defineAgent, handoff } from '@switchboard/core';
 *
 * interface Ctx { notes: string[] }
 * declare const billing: Agent<Ctx>;
 * declare const techSupport: Agent<Ctx>;
 * const triage: Agent<Ctx> = defineAgent<Ctx>({
 *   name: 'Triage',
 *   instructions: 'Route the caller.',
 *   handoffs: [
 *     handoff(() => billing, { description: 'Billing questions: invoices, refunds', trust: 'model-only' }),
 *     handoff(() => techSupport, {
 *       input: z.object({ reason: z.string() }),
 *       onHandoff: (ctx, { reason }) => ctx.context.notes.push(reason),
 *     }),
 *   ],
 * });
 * // tools: transfer_to_billing, transfer_to_tech_support
 *
 * // The specialist starts from a clean conversation and a summary of what was said.
 * const toSpecialist = handoff(() => techSupport, { context: 'summary' });
 * ```
 */
export function handoff<Ctx, S extends ToolParameters>(
  target: HandoffTarget<Ctx>,
  options: HandoffWithInputOptions<Ctx, S>,
): Handoff<Ctx, z.output<S>>;
export function handoff<Ctx>(
  target: HandoffTarget<Ctx>,
  options?: HandoffOptions<Ctx> & { readonly input?: undefined },
): Handoff<Ctx, undefined>;
export function handoff<Ctx>(
  target: HandoffTarget<Ctx>,
  options: HandoffOptions<Ctx, unknown> & { readonly input?: ToolParameters } = {},
): Handoff<Ctx, unknown> {
  const resolve = targetResolver(target);
  const { description, input, onHandoff, trust = 'any', context = 'append', note } = options;
  const label = () => resolve().handoffToolName;
  if (description !== undefined && typeof description !== 'string') {
    throw new ToolConfigError(safeLabel(target), 'description', description, 'a string');
  }
  if (input !== undefined) checkToolParameters(safeLabel(target), 'input', input);
  if (onHandoff !== undefined && typeof onHandoff !== 'function') {
    throw new ToolConfigError(safeLabel(target), 'onHandoff', onHandoff, 'a function');
  }
  const contextIssue = handoffContextIssue(context, note);
  if (contextIssue) {
    const { field, value, expected } = contextIssue;
    throw new ToolConfigError(safeLabel(target), field, value, expected);
  }
  if (!isToolTrust(trust)) throw new ToolConfigError(safeLabel(target), 'trust', trust, TRUST_EXPECTED);
  const made: Handoff<Ctx, unknown> = Object.freeze({
    kind: 'handoff',
    get name() {
      return label();
    },
    get description() {
      if (description !== undefined) return description;
      const agent = resolve();
      return agent.handoffDescription ?? `Transfer the conversation to the ${agent.name} agent.`;
    },
    input,
    onHandoff,
    context,
    note,
    trust,
    target: resolve,
  });
  if (typeof target !== 'function') noteEagerHandoffName(made, target.handoffToolName);
  return made;
}

/**
 * What is wrong with a handoff's `context` and `note` (`note` only goes with `reset`), if anything:
 * checked by {@link handoff} and by `session.handoffTo()`.
 */
export function handoffContextIssue(
  context: unknown,
  note: unknown,
): { readonly field: 'context' | 'note'; readonly value: unknown; readonly expected: string } | undefined {
  if (context !== 'append' && context !== 'reset' && context !== 'summary')
    return { field: 'context', value: context, expected: "'append', 'reset' or 'summary'" };
  if (note !== undefined && (typeof note !== 'string' || context !== 'reset'))
    return { field: 'note', value: note, expected: "a string, with context: 'reset'" };
  return undefined;
}

/** Calls a thunk once and remembers the agent; explains what went wrong when it cannot. */
function targetResolver<Ctx>(target: HandoffTarget<Ctx>): () => Agent<Ctx> {
  if (typeof target !== 'function') {
    if (!isAgent(target))
      throw new HandoffResolutionError(
        'handoff() expects an agent from defineAgent() or a function returning one',
      );
    return () => target;
  }
  let resolved: Agent<Ctx> | undefined;
  return () => {
    if (resolved) return resolved;
    let value: unknown;
    try {
      value = target();
    } catch (cause) {
      const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
      throw new HandoffResolutionError(`the target function threw (${reason}); is the agent defined yet?`, {
        cause,
      });
    }
    if (!isAgent(value))
      throw new HandoffResolutionError('the target function did not return an agent from defineAgent()');
    resolved = value;
    return value;
  };
}

/** A name for errors raised before the target may be resolved. */
function safeLabel<Ctx>(target: HandoffTarget<Ctx>): string {
  return typeof target === 'function' ? 'transfer_to_<lazy target>' : target.handoffToolName;
}
