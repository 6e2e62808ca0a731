import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAgent, resolveInstructions } from '../src/definitions/agent.js';
import { handoff } from '../src/definitions/handoff.js';
import type { Agent } from '../src/definitions/shapes.js';
import { tool } from '../src/definitions/tool.js';
import { AgentConfigError } from '../src/errors/config-errors.js';

interface Ctx {
  customerId: string;
}

const ping = tool({ name: 'ping', description: 'Ping', parameters: z.object({}), execute: () => 'pong' });

function catchError(fn: () => unknown): AgentConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AgentConfigError) return error;
    throw error;
  }
  throw new Error('expected an AgentConfigError');
}

describe('defineAgent()', () => {
  it('makes a frozen agent with defaults for what is not given', () => {
    const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });
    expect(agent).toEqual({
      kind: 'agent',
      name: 'Assistant',
      handoffToolName: 'transfer_to_assistant',
      handoffDescription: undefined,
      instructions: 'Be brief.',
      voice: undefined,
      tools: [],
      handoffs: [],
      session: undefined,
    });
    expect(Object.isFrozen(agent)).toBe(true);
    expect(Object.isFrozen(agent.tools)).toBe(true);
  });

  it('keeps tools in order and normalizes a plain agent in handoffs to handoff(agent)', () => {
    const billing = defineAgent<Ctx>({ name: 'Billing', instructions: 'Billing.' });
    const sales = defineAgent<Ctx>({ name: 'Sales', instructions: 'Sales.' });
    const custom = handoff(sales, { description: 'Money matters' });
    const triage = defineAgent<Ctx>({
      name: 'Triage',
      instructions: 'Route.',
      voice: 'marin',
      tools: [ping],
      handoffs: [billing, custom],
    });
    expect(triage.tools).toEqual([ping]);
    expect(triage.voice).toBe('marin');
    expect(triage.handoffs.map((h) => [h.kind, h.name, h.description])).toEqual([
      ['handoff', 'transfer_to_billing', 'Transfer the conversation to the Billing agent.'],
      ['handoff', 'transfer_to_sales', 'Money matters'],
    ]);
    expect(triage.handoffs[0]?.target()).toBe(billing);
    expect(triage.handoffs[1]).toBe(custom);
  });

  it('resolves instructions from the shared context each time', () => {
    const context: Ctx = { customerId: 'C-1' };
    const agent = defineAgent<Ctx>({
      name: 'Billing',
      instructions: (ctx, self) => `${self.name} for ${ctx.customerId}`,
    });
    expect(resolveInstructions(agent, context)).toBe('Billing for C-1');
    context.customerId = 'C-2';
    expect(resolveInstructions(agent, context)).toBe('Billing for C-2');
    expect(resolveInstructions(defineAgent({ name: 'A', instructions: 'fixed' }), undefined)).toBe('fixed');
  });

  it('reports instructions functions that do not return a string', () => {
    const agent = defineAgent({
      name: 'Async',
      instructions: (async () => 'late') as unknown as () => string,
    });
    const error = catchError(() => resolveInstructions(agent, undefined));
    expect(error).toMatchObject({ code: 'invalid_agent_option', agentName: 'Async', field: 'instructions' });
    expect(error.message).toMatch(/must return a string/);
  });

  it.each([
    ['', /non-empty string/],
    ['   ', /non-empty string/],
    ['!!!', /letter or digit/],
    ['A'.repeat(53), /"transfer_to_a{53}" of 65 characters/],
  ])('rejects the name %j, naming the field and value', (name, detail) => {
    const error = catchError(() => defineAgent({ name, instructions: 'x' }));
    expect(error).toMatchObject({
      code: 'invalid_agent_name',
      field: 'name',
      value: name,
      agentName: undefined,
    });
    expect(error.message).toMatch(detail);
    expect(error.message).toContain(JSON.stringify(name));
  });

  it('accepts the longest name whose handoff tool still fits 64 characters', () => {
    expect(defineAgent({ name: 'A'.repeat(52), instructions: 'x' }).handoffToolName).toHaveLength(64);
  });

  it('rejects two function tools with the same name', () => {
    const again = tool({
      name: 'ping',
      description: 'Another ping',
      parameters: z.object({}),
      execute: () => 1,
    });
    const error = catchError(() => defineAgent({ name: 'Echo', instructions: 'x', tools: [ping, again] }));
    expect(error).toMatchObject({
      code: 'duplicate_tool_name',
      agentName: 'Echo',
      field: 'tools[1].name',
      value: 'ping',
    });
  });

  it("rejects a function tool named like one of the agent's handoffs, and two handoffs to one agent (issue 9, point 10)", () => {
    const billing = defineAgent({ name: 'Billing', instructions: 'x' });
    const impostor = tool({
      name: 'transfer_to_billing',
      description: 'd',
      parameters: z.object({}),
      execute: () => 1,
    });
    expect(
      catchError(() =>
        defineAgent({ name: 'Triage', instructions: 'x', tools: [impostor], handoffs: [billing] }),
      ),
    ).toMatchObject({ code: 'duplicate_tool_name', field: 'handoffs[0].name', value: 'transfer_to_billing' });
    expect(
      catchError(() =>
        defineAgent({ name: 'Twice', instructions: 'x', handoffs: [billing, handoff(billing)] }),
      ),
    ).toMatchObject({ code: 'duplicate_tool_name', field: 'handoffs[1].name' });
  });

  it('rejects misplaced tools and handoffs with a hint', () => {
    const billing = defineAgent({ name: 'Billing', instructions: 'x' });
    const inTools = catchError(() =>
      defineAgent({ name: 'T', instructions: 'x', tools: [handoff(billing) as never] }),
    );
    expect(inTools.message).toMatch(/tools\[0\]" is a handoff: put it in `handoffs`/);
    const thunk = catchError(() =>
      defineAgent({ name: 'T', instructions: 'x', handoffs: [(() => billing) as never] }),
    );
    expect(thunk.message).toMatch(
      /handoffs\[0\]" must be an agent or a handoff\(\) \(wrap a function in handoff\(\(\) => agent\)\)/,
    );
    expect(
      catchError(() => defineAgent({ name: 'T', instructions: 'x', tools: [{ name: 'raw' } as never] }))
        .field,
    ).toBe('tools[0]');
  });

  it('rejects options of the wrong type', () => {
    expect(catchError(() => defineAgent({ name: 'T', instructions: 42 as never })).field).toBe(
      'instructions',
    );
    expect(catchError(() => defineAgent({ name: 'T', instructions: 'x', voice: '' })).field).toBe('voice');
    expect(
      catchError(() => defineAgent({ name: 'T', instructions: 'x', handoffDescription: 1 as never })).field,
    ).toBe('handoffDescription');
  });

  it('accepts session overrides and rejects fields computed from the agent', () => {
    const agent = defineAgent({
      name: 'Texter',
      instructions: 'x',
      session: {
        output_modalities: ['text'],
        tool_choice: 'required',
        audio: { input: { turn_detection: null } },
      },
    });
    expect(agent.session).toEqual({
      output_modalities: ['text'],
      tool_choice: 'required',
      audio: { input: { turn_detection: null } },
    });

    const withTools = catchError(() =>
      defineAgent({ name: 'T', instructions: 'x', session: { tools: [] } as never }),
    );
    expect(withTools).toMatchObject({ field: 'session.tools', value: [] });
    const withVoice = catchError(() =>
      defineAgent({
        name: 'T',
        instructions: 'x',
        session: { audio: { output: { voice: 'ash' } } } as never,
      }),
    );
    expect(withVoice).toMatchObject({ field: 'session.audio.output.voice', value: 'ash' });
    expect(withVoice.message).toMatch(/agent's `voice` option/);
    expect(
      catchError(() => defineAgent({ name: 'T', instructions: 'x', session: 'fast' as never })).field,
    ).toBe('session');
  });

  it('lets an agent without context needs join agents that have one', () => {
    const generic = defineAgent({ name: 'Generic', instructions: 'x', tools: [ping] });
    const specific: Agent<Ctx> = defineAgent<Ctx>({
      name: 'Specific',
      instructions: (ctx) => ctx.customerId,
      handoffs: [generic],
    });
    expect(specific.handoffs[0]?.target()).toBe(generic);
  });
});
