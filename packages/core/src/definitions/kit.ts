import type { z } from 'zod';
import { type AgentOptions, defineAgent } from './agent.js';
import { type HandoffOptions, type HandoffWithInputOptions, handoff } from './handoff.js';
import type { Agent, FunctionTool, Handoff, HandoffTarget, ToolParameters } from './shapes.js';
import { defineSwarm, type Swarm, type SwarmOptions } from './swarm.js';
import { type AppAnsweredToolOptions, type ExecutableTool, type ToolOptions, tool } from './tool.js';

/** The definition functions with the shared context's type bound: see {@link createKit}. */
export interface Kit<Ctx> {
  /** {@link tool}, with `ctx.context` typed `Ctx`. */
  readonly tool: {
    <Params extends ToolParameters, Result = unknown>(
      options: ToolOptions<Params, Ctx, Result>,
    ): ExecutableTool<Ctx, Params, Result>;
    <Params extends ToolParameters>(
      options: AppAnsweredToolOptions<Params, Ctx>,
    ): FunctionTool<Ctx, Params, unknown>;
  };
  /** {@link defineAgent}, with instructions and tools typed `Ctx`. Not generic: agents that hand off to each other need no annotation. */
  readonly defineAgent: (options: AgentOptions<Ctx>) => Agent<Ctx>;
  /** {@link handoff}, with `onHandoff`'s `ctx.context` typed `Ctx`. */
  readonly handoff: {
    <S extends ToolParameters>(
      target: HandoffTarget<Ctx>,
      options: HandoffWithInputOptions<Ctx, S>,
    ): Handoff<Ctx, z.output<S>>;
    (
      target: HandoffTarget<Ctx>,
      options?: HandoffOptions<Ctx> & { readonly input?: undefined },
    ): Handoff<Ctx, undefined>;
  };
  /** {@link defineSwarm}, whose `context` must be a `Ctx`. */
  readonly defineSwarm: (options: SwarmOptions<Ctx>) => Swarm<Ctx>;
}

/**
 * The definition functions (`tool`, `defineAgent`, `handoff`, `defineSwarm`) bound to one shared
 * context type, so that nothing else needs a type annotation: `execute(args, ctx)` sees
 * `ctx.context` as a `Ctx`, `instructions: (ctx) => …` gets a `Ctx`, and agents that hand off to
 * each other in a cycle infer their type (the bound `defineAgent` is not generic, so TypeScript
 * reads its return type without looking into the handoff thunks). The functions are the same as
 * the package's own; only their types differ.
 *
 * @example
 * ```ts
 * import { createKit } from '@switchboard/core';
 * import { z } from 'zod';
 *
 * interface Ctx {
 *   customerId: string;
 *   notes: string[];
 * }
 * const { tool, defineAgent, handoff, defineSwarm } = createKit<Ctx>();
 *
 * const addNote = tool({
 *   name: 'add_note',
 *   description: 'Note something about the caller.',
 *   parameters: z.object({ note: z.string() }),
 *   execute: ({ note }, { context }) => context.notes.push(note),
 * });
 * const triage = defineAgent({
 *   name: 'Triage',
 *   instructions: (ctx) => `Greet customer ${ctx.customerId}.`,
 *   handoffs: [handoff(() => billing)],
 * });
 * const billing = defineAgent({ name: 'Billing', instructions: 'Bills.', tools: [addNote], handoffs: [handoff(() => triage)] });
 * export const swarm = defineSwarm({ agents: [triage, billing], start: triage, context: { customerId: 'C-42', notes: [] } });
 * ```
 */
export function createKit<Ctx>(): Kit<Ctx> {
  return { tool, defineAgent, handoff, defineSwarm };
}
