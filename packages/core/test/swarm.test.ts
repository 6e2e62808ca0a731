import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineAgent } from '../src/definitions/agent.js';
import { handoff } from '../src/definitions/handoff.js';
import type { Agent } from '../src/definitions/shapes.js';
import { defineSwarm, type Swarm, type SwarmOptions } from '../src/definitions/swarm.js';
import { tool } from '../src/definitions/tool.js';
import { SwarmConfigError, UnknownAgentError } from '../src/errors/config-errors.js';

interface Ctx {
  customerId: string;
  notes: string[];
}

/** triage ↔ billing, triage → tech: a cycle through thunks. */
function supportAgents() {
  const billing: Agent<Ctx> = defineAgent<Ctx>({
    name: 'Billing',
    instructions: 'Billing.',
    handoffs: [handoff(() => triage)],
  });
  const tech: Agent<Ctx> = defineAgent<Ctx>({
    name: 'Tech Support',
    instructions: 'Tech.',
    handoffs: [handoff(() => triage)],
  });
  const triage: Agent<Ctx> = defineAgent<Ctx>({
    name: 'Triage',
    instructions: 'Route.',
    handoffs: [billing, handoff(tech)],
  });
  return { triage, billing, tech };
}

function swarmError(fn: () => unknown): SwarmConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SwarmConfigError) return error;
    throw error;
  }
  throw new Error('expected a SwarmConfigError');
}

describe('defineSwarm()', () => {
  it('builds a swarm with cyclic handoffs and typed shared context', () => {
    const { triage, billing, tech } = supportAgents();
    const context = { customerId: 'C-42', notes: [] as string[] };
    const swarm = defineSwarm({ agents: [triage, billing, tech], start: triage, context });
    expectTypeOf(swarm).toEqualTypeOf<Swarm<{ customerId: string; notes: string[] }>>();
    expect(swarm.kind).toBe('swarm');
    expect(swarm.start).toBe(triage);
    expect(swarm.agents).toEqual([triage, billing, tech]);
    expect(swarm.context).toBe(context);
    expect(Object.isFrozen(swarm)).toBe(true);
  });

  it('looks agents up by name and handoff tools up by tool name', () => {
    const { triage, billing, tech } = supportAgents();
    const swarm = defineSwarm({
      agents: [triage, billing, tech],
      start: triage,
      context: { customerId: 'C', notes: [] },
    });
    expect(swarm.agent('Tech Support')).toBe(tech);
    expect(swarm.has('Billing')).toBe(true);
    expect(swarm.has('Sales')).toBe(false);
    expect(swarm.handoffTarget('transfer_to_tech_support')).toBe(tech);
    expect(swarm.handoffTarget('transfer_to_triage')).toBe(triage);
    expect(swarm.handoffTarget('lookup_invoice')).toBeUndefined();
    expect(() => swarm.agent('Sales')).toThrow(UnknownAgentError);
    expect(() => swarm.agent('Sales')).toThrow(
      'No agent named "Sales" in the swarm (agents: Triage, Billing, Tech Support).',
    );
  });

  it('rejects a swarm without agents', () => {
    const start = defineAgent({ name: 'A', instructions: 'x' });
    expect(swarmError(() => defineSwarm({ agents: [], start, context: {} })).code).toBe('no_agents');
    expect(swarmError(() => defineSwarm({ agents: [{ name: 'A' } as never], start, context: {} })).code).toBe(
      'not_an_agent',
    );
  });

  it('rejects duplicate agent names', () => {
    const one = defineAgent({ name: 'Billing', instructions: 'x' });
    const two = defineAgent({ name: 'Billing', instructions: 'y' });
    const error = swarmError(() => defineSwarm({ agents: [one, two], start: one, context: {} }));
    expect(error).toMatchObject({ code: 'duplicate_agent_name', agentName: 'Billing' });
    expect(error.message).toBe('Two agents in the swarm are named "Billing"; agent names must be unique.');
  });

  it('rejects two agents whose handoff tools would share a name', () => {
    const spaced = defineAgent({ name: 'Tech Support', instructions: 'x' });
    const dashed = defineAgent({ name: 'tech-support', instructions: 'y' });
    const error = swarmError(() => defineSwarm({ agents: [spaced, dashed], start: spaced, context: {} }));
    expect(error).toMatchObject({
      code: 'handoff_name_conflict',
      agentName: 'tech-support',
      targetName: 'Tech Support',
      toolName: 'transfer_to_tech_support',
    });
  });

  it('rejects duplicate tool names inside one agent, handoff tools included', () => {
    const billing = defineAgent({ name: 'Billing', instructions: 'x' });
    const impostor = tool({
      name: 'transfer_to_billing',
      description: 'd',
      parameters: z.object({}),
      execute: () => 1,
    });
    // Thunk targets: defineAgent cannot resolve their names, defineSwarm does.
    const clash = defineAgent({
      name: 'Triage',
      instructions: 'x',
      tools: [impostor],
      handoffs: [handoff(() => billing)],
    });
    const error = swarmError(() => defineSwarm({ agents: [clash, billing], start: clash, context: {} }));
    expect(error).toMatchObject({
      code: 'duplicate_tool_name',
      agentName: 'Triage',
      toolName: 'transfer_to_billing',
    });
    expect(error.message).toContain('Agent "Triage" has two tools named "transfer_to_billing"');

    const twice = defineAgent({
      name: 'Twice',
      instructions: 'x',
      handoffs: [handoff(() => billing), handoff(() => billing, { description: 'again' })],
    });
    expect(swarmError(() => defineSwarm({ agents: [twice, billing], start: twice, context: {} })).code).toBe(
      'duplicate_tool_name',
    );
  });

  it('rejects a handoff to an agent outside the swarm, naming both agents and the tool', () => {
    const { triage, billing } = supportAgents();
    const error = swarmError(() =>
      defineSwarm({ agents: [triage, billing], start: triage, context: { customerId: 'C', notes: [] } }),
    );
    expect(error).toMatchObject({
      code: 'handoff_outside_swarm',
      agentName: 'Triage',
      toolName: 'transfer_to_tech_support',
      targetName: 'Tech Support',
    });
    expect(error.message).toBe(
      'Agent "Triage" hands off to "Tech Support" (tool "transfer_to_tech_support"), which is not in the swarm; add it to `agents`.',
    );
  });

  it("says so when the handoff target is a different object with a swarm agent's name", () => {
    const billing = defineAgent({ name: 'Billing', instructions: 'x' });
    const billingCopy = defineAgent({ name: 'Billing', instructions: 'x' });
    const triage = defineAgent({ name: 'Triage', instructions: 'x', handoffs: [billingCopy] });
    const error = swarmError(() => defineSwarm({ agents: [triage, billing], start: triage, context: {} }));
    expect(error.code).toBe('handoff_outside_swarm');
    expect(error.message).toContain('a different agent object with that name');
  });

  it('rejects a handoff whose thunk cannot be resolved', () => {
    const broken = defineAgent({
      name: 'Broken',
      instructions: 'x',
      handoffs: [
        handoff((): Agent => {
          throw new Error('boom');
        }),
      ],
    });
    const error = swarmError(() => defineSwarm({ agents: [broken], start: broken, context: {} }));
    expect(error).toMatchObject({ code: 'unresolved_handoff', agentName: 'Broken' });
    expect(error.message).toMatch(
      /^Agent "Broken", handoffs\[0\]: Could not resolve a handoff target: the target function threw \(Error: boom\)/,
    );
  });

  it('rejects a start agent outside the swarm', () => {
    const { triage, billing, tech } = supportAgents();
    const outsider = defineAgent<Ctx>({ name: 'Sales', instructions: 'x' });
    const error = swarmError(() =>
      defineSwarm({
        agents: [triage, billing, tech],
        start: outsider,
        context: { customerId: 'C', notes: [] },
      }),
    );
    expect(error).toMatchObject({ code: 'start_outside_swarm', agentName: 'Sales' });
    expect(error.message).toBe('The start agent "Sales" is not one of the swarm\'s agents.');
  });

  it('checks at compile time that agents fit the context type', () => {
    const needy = defineAgent<{ customerId: string }>({ name: 'A', instructions: (ctx) => ctx.customerId });
    const wrong: SwarmOptions<{ other: number }> = {
      // @ts-expect-error an agent that reads customerId cannot serve a context without it
      agents: [needy],
      // @ts-expect-error same for the start agent
      start: needy,
      context: { other: 1 },
    };
    expect(wrong.context).toEqual({ other: 1 });
    const generic = defineAgent({ name: 'B', instructions: 'x' });
    const swarm = defineSwarm({ agents: [generic, needy], start: generic, context: { customerId: 'C' } });
    expect(swarm.agents).toHaveLength(2);
  });
});
