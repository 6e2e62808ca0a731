import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineAgent } from '../src/definitions/agent.js';
import { handoff } from '../src/definitions/handoff.js';
import { type Agent, type Handoff, isHandoff, type ToolContext } from '../src/definitions/shapes.js';
import { tool, toSessionTool } from '../src/definitions/tool.js';
import { HandoffResolutionError, ToolConfigError } from '../src/errors/config-errors.js';
import { handoffToolName, toSnakeCase } from '../src/protocol/tool-names.js';

interface Ctx {
  notes: string[];
}

const agent = (name: string, extra: { handoffDescription?: string } = {}) =>
  defineAgent<Ctx>({ name, instructions: `You are ${name}.`, ...extra });

function contextFor(from: Agent<Ctx>, context: Ctx): ToolContext<Ctx> {
  return {
    context,
    callId: 'call_1',
    idempotencyKey: 'call_1',
    signal: new AbortController().signal,
    agent: from,
    session: { agentName: from.name, sendText: () => {} },
  };
}

describe('handoff tool names', () => {
  it.each([
    ['Tech Support', 'transfer_to_tech_support'],
    ['BillingAgent', 'transfer_to_billing_agent'],
    ['billing', 'transfer_to_billing'],
    ['HTTPServer v2', 'transfer_to_http_server_v2'],
    ['  Café / Crème  ', 'transfer_to_cafe_creme'],
    ['tech-support', 'transfer_to_tech_support'],
    ['Agent 007', 'transfer_to_agent_007'],
  ])('%j → %s', (name, expected) => {
    expect(handoffToolName(name)).toBe(expected);
    expect(handoff(agent(name)).name).toBe(expected);
  });

  it('leaves nothing when no letter or digit is left', () => {
    expect(toSnakeCase('!!! ???')).toBe('');
  });
});

describe('handoff()', () => {
  it('is a handoff tool with a default description taken from the target', () => {
    const billing = agent('Billing');
    const withDescription = agent('Sales', { handoffDescription: 'New contracts and upgrades' });
    const toBilling = handoff(billing);
    expect(toBilling).toMatchObject({
      kind: 'handoff',
      name: 'transfer_to_billing',
      input: undefined,
      onHandoff: undefined,
    });
    expect(toBilling.description).toBe('Transfer the conversation to the Billing agent.');
    expect(toBilling.target()).toBe(billing);
    expect(handoff(withDescription).description).toBe('New contracts and upgrades');
    expect(handoff(billing, { description: 'Invoices and refunds' }).description).toBe(
      'Invoices and refunds',
    );
    expect(isHandoff(toBilling)).toBe(true);
    expect(isHandoff(billing)).toBe(false);
    expect(Object.isFrozen(toBilling)).toBe(true);
  });

  it('resolves a thunk only when first used, so agents can refer to each other in a cycle', () => {
    let calls = 0;
    const toLater = handoff(() => {
      calls += 1;
      return later;
    });
    expect(calls).toBe(0);
    const later: Agent<Ctx> = agent('Later');
    expect(toLater.name).toBe('transfer_to_later');
    expect(toLater.target()).toBe(later);
    expect(toLater.description).toContain('Later');
    expect(calls).toBe(1);
  });

  it('explains a thunk read before its agent is defined, and works once it is', () => {
    const early = handoff(() => notYet);
    let error: unknown;
    try {
      void early.name;
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HandoffResolutionError);
    expect((error as HandoffResolutionError).code).toBe('unresolved_handoff');
    expect((error as Error).message).toMatch(/target function threw \(ReferenceError: .*notYet/);
    expect((error as Error).cause).toBeInstanceOf(ReferenceError);
    const notYet = agent('Not Yet');
    expect(early.name).toBe('transfer_to_not_yet');
  });

  it('rejects targets that are not agents', () => {
    expect(() => handoff(() => ({ name: 'fake' }) as unknown as Agent<Ctx>).target()).toThrow(
      /did not return an agent/,
    );
    expect(() => handoff({ name: 'fake' } as unknown as Agent<Ctx>)).toThrow(HandoffResolutionError);
  });

  it('validates input and hands the typed input to onHandoff', async () => {
    const triage = agent('Triage');
    const tech = agent('Tech Support');
    const toTech = handoff(tech, {
      input: z.object({ reason: z.string().describe('Why the caller needs tech support') }),
      onHandoff: async (ctx, input) => {
        expectTypeOf(input).toEqualTypeOf<{ reason: string }>();
        ctx.context.notes.push(`${ctx.agent.name}: ${input.reason}`);
      },
    });
    expectTypeOf(toTech).toEqualTypeOf<Handoff<Ctx, { reason: string }>>();
    const context: Ctx = { notes: [] };
    const input = toTech.input?.parse({ reason: 'router broken' });
    await toTech.onHandoff?.(contextFor(triage, context), input as { reason: string });
    expect(context.notes).toEqual(['Triage: router broken']);
  });

  it('without input, onHandoff gets undefined', () => {
    const seen: unknown[] = [];
    const toBilling = handoff(agent('Billing'), { onHandoff: (_ctx, input) => void seen.push(input) });
    expectTypeOf(toBilling).toEqualTypeOf<Handoff<Ctx, undefined>>();
    toBilling.onHandoff?.(contextFor(agent('Triage'), { notes: [] }), undefined);
    expect(seen).toEqual([undefined]);
  });

  it('becomes a session tool: its input as parameters, or an empty object', () => {
    const tech = agent('Tech Support');
    expect(toSessionTool(handoff(tech))).toEqual({
      type: 'function',
      name: 'transfer_to_tech_support',
      description: 'Transfer the conversation to the Tech Support agent.',
      parameters: { type: 'object', properties: {}, additionalProperties: false },
    });
    expect(toSessionTool(handoff(tech, { input: z.object({ reason: z.string() }) })).parameters).toEqual({
      type: 'object',
      properties: { reason: { type: 'string' } },
      required: ['reason'],
      additionalProperties: false,
    });
  });

  it('rejects input that is not a zod object, and options of the wrong type', () => {
    const tech = agent('Tech Support');
    const notObject = () => handoff(tech, { input: z.string() as unknown as z.ZodObject });
    expect(notObject).toThrow(ToolConfigError);
    expect(notObject).toThrow(/Invalid option "input" of tool "transfer_to_tech_support"/);
    expect(() => handoff(tech, { description: 5 as unknown as string })).toThrow(/"description"/);
    expect(() => handoff(tech, { onHandoff: 'later' as unknown as () => void })).toThrow(/"onHandoff"/);
  });

  it('is told apart from a function tool by kind', () => {
    const ping = tool({ name: 'ping', description: 'Ping', parameters: z.object({}), execute: () => 'pong' });
    const tools = [ping, handoff(agent('Billing'))];
    expect(tools.map((t) => t.kind)).toEqual(['function', 'handoff']);
  });
});
