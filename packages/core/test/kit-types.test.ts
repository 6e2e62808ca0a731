import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  type Agent,
  createKit,
  defineAgent,
  defineSwarm,
  handoff,
  type Swarm,
  type ToolContext,
  tool,
} from '../src/index.js';

// These tests hold at type-check time (`pnpm typecheck` runs tsc over test/): `expectTypeOf` and
// every `@ts-expect-error` fail the check if the types drift. At run time they check little.

interface Ctx {
  customerId: string;
  notes: string[];
}

describe('createKit<Ctx>()', () => {
  it('types the context in tools, instructions and handoff hooks, and cyclic agents, with no annotation', () => {
    const { tool, defineAgent, handoff, defineSwarm } = createKit<Ctx>();
    const addNote = tool({
      name: 'add_note',
      description: 'Note something.',
      parameters: z.object({ note: z.string() }),
      execute: ({ note }, ctx) => {
        expectTypeOf(ctx).toEqualTypeOf<ToolContext<Ctx>>();
        return ctx.context.notes.push(note);
      },
    });
    const triage = defineAgent({
      name: 'Triage',
      instructions: (ctx) => `Greet ${ctx.customerId}.`,
      handoffs: [
        handoff(() => billing, {
          input: z.object({ reason: z.string() }),
          onHandoff: (ctx, input) => ctx.context.notes.push(input.reason),
        }),
      ],
    });
    const billing = defineAgent({
      name: 'Billing',
      instructions: 'Bills.',
      tools: [addNote],
      handoffs: [handoff(() => triage)],
    });
    const swarm = defineSwarm({
      agents: [triage, billing],
      start: triage,
      context: { customerId: 'C-1', notes: [] },
    });

    expectTypeOf(triage).toEqualTypeOf<Agent<Ctx>>();
    expectTypeOf(billing).toEqualTypeOf<Agent<Ctx>>();
    expectTypeOf(swarm).toEqualTypeOf<Swarm<Ctx>>();
    expect(swarm.agent('Billing')).toBe(billing);
    expect(swarm.handoffTarget('transfer_to_triage')).toBe(triage);
  });

  it('refuses what does not fit the context', () => {
    const kit = createKit<Ctx>();
    kit.tool({
      name: 'bad',
      description: 'd',
      parameters: z.object({}),
      // @ts-expect-error: the context has no `missing` field
      execute: (_args, { context }) => context.missing,
    });
    const agent = kit.defineAgent({ name: 'A', instructions: 'x' });
    // @ts-expect-error: customerId is a string
    kit.defineSwarm({ agents: [agent], start: agent, context: { customerId: 42, notes: [] } });
    const other = createKit<{ tenant: number }>().defineAgent({ name: 'B', instructions: 'x' });
    // @ts-expect-error: an agent of another context cannot be a handoff target
    kit.defineAgent({ name: 'C', instructions: 'x', handoffs: [other] });
  });

  it('returns the package functions themselves', () => {
    expect(createKit<Ctx>()).toEqual({ tool, defineAgent, handoff, defineSwarm });
  });
});

describe('without the kit', () => {
  it('the generic functions need annotations for cyclic agents (why the kit exists)', () => {
    // @ts-expect-error: TS7022, `a` is referenced in its own initializer through the thunk
    const a = defineAgent<Ctx>({ name: 'A', instructions: 'x', handoffs: [handoff(() => b)] });
    // @ts-expect-error: TS7022 again
    const b = defineAgent<Ctx>({ name: 'B', instructions: 'x', handoffs: [handoff(() => a)] });
    expect([a.name, b.name]).toEqual(['A', 'B']);
  });
});
