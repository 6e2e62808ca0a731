import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAgent } from '../src/definitions/agent.js';
import { handoff } from '../src/definitions/handoff.js';
import type { Agent } from '../src/definitions/shapes.js';
import { defineSwarm } from '../src/definitions/swarm.js';
import { tool } from '../src/definitions/tool.js';
import {
  agentToolNames,
  buildSessionConfig,
  findTool,
  resolveHandoffTarget,
} from '../src/session/session-config.js';

interface Ctx {
  customerId: string;
}

const lookupInvoice = tool({
  name: 'lookup_invoice',
  description: 'Look up an invoice',
  parameters: z.object({ invoiceId: z.string() }),
  execute: ({ invoiceId }) => ({ invoiceId }),
});

function support() {
  const billing: Agent<Ctx> = defineAgent<Ctx>({
    name: 'Billing',
    instructions: (ctx) => `Billing for ${ctx.customerId}.`,
    voice: 'marin',
    tools: [lookupInvoice],
    handoffs: [handoff(() => triage, { description: 'Back to triage' })],
  });
  const triage: Agent<Ctx> = defineAgent<Ctx>({
    name: 'Triage',
    instructions: 'Route the caller.',
    handoffs: [billing, handoff(() => tech, { input: z.object({ reason: z.string() }) })],
  });
  const tech: Agent<Ctx> = defineAgent<Ctx>({ name: 'Tech Support', instructions: 'Fix things.' });
  return { billing, triage, tech };
}

describe('buildSessionConfig()', () => {
  it('builds the GA session: instructions from the context, voice, function then handoff tools, tool_choice auto', () => {
    const { billing } = support();
    const config = buildSessionConfig(billing, { customerId: 'C-42' });
    expect(config).toEqual({
      type: 'realtime',
      instructions: 'Billing for C-42.',
      audio: { output: { voice: 'marin' } },
      tools: [
        {
          type: 'function',
          name: 'lookup_invoice',
          description: 'Look up an invoice',
          parameters: {
            type: 'object',
            properties: { invoiceId: { type: 'string' } },
            required: ['invoiceId'],
            additionalProperties: false,
          },
        },
        {
          type: 'function',
          name: 'transfer_to_triage',
          description: 'Back to triage',
          parameters: { type: 'object', properties: {}, additionalProperties: false },
        },
      ],
      tool_choice: 'auto',
    });
  });

  it("always sends instructions and tools (so the previous agent's are cleared), no audio without settings", () => {
    const bare = defineAgent({ name: 'Bare', instructions: '' });
    expect(buildSessionConfig(bare, undefined)).toEqual({
      type: 'realtime',
      instructions: '',
      tools: [],
      tool_choice: 'auto',
    });
  });

  it('applies overrides: tool_choice, other fields, and audio deep-merged with the voice', () => {
    const agent = defineAgent({
      name: 'Custom',
      instructions: 'x',
      voice: 'cedar',
      session: {
        tool_choice: 'required',
        output_modalities: ['text'],
        max_output_tokens: 300,
        audio: {
          input: { turn_detection: { type: 'semantic_vad', eagerness: 'low' } },
          output: { speed: 1.2 },
        },
      },
    });
    expect(buildSessionConfig(agent, {})).toEqual({
      type: 'realtime',
      instructions: 'x',
      output_modalities: ['text'],
      max_output_tokens: 300,
      audio: {
        input: { turn_detection: { type: 'semantic_vad', eagerness: 'low' } },
        output: { voice: 'cedar', speed: 1.2 },
      },
      tools: [],
      tool_choice: 'required',
    });
  });

  it('keeps a null turn_detection (it turns detection off)', () => {
    const agent = defineAgent({
      name: 'Push To Talk',
      instructions: 'x',
      session: { audio: { input: { turn_detection: null } } },
    });
    expect(buildSessionConfig(agent, {}).audio).toEqual({ input: { turn_detection: null } });
  });

  it('leaves the voice out when asked (the API refuses a new voice once audio was produced)', () => {
    const { billing } = support();
    const config = buildSessionConfig(billing, { customerId: 'C' }, { includeVoice: false });
    expect(config).not.toHaveProperty('audio');
    const speedy = defineAgent({
      name: 'S',
      instructions: 'x',
      voice: 'ash',
      session: { audio: { output: { speed: 1.1 } } },
    });
    expect(buildSessionConfig(speedy, {}, { includeVoice: false }).audio).toEqual({ output: { speed: 1.1 } });
  });

  it("is pure: the same input gives equal output, the agent's overrides are not touched", () => {
    const session = { audio: { input: { turn_detection: { type: 'server_vad' as const, threshold: 0.6 } } } };
    const snapshot = JSON.stringify(session);
    const agent = defineAgent({ name: 'P', instructions: 'x', voice: 'ash', session });
    const first = buildSessionConfig(agent, {});
    (first.audio as { input: { turn_detection: { threshold: number } } }).input.turn_detection.threshold =
      0.1;
    expect(buildSessionConfig(agent, {})).toEqual({
      ...first,
      audio: { ...session.audio, output: { voice: 'ash' } },
    });
    expect(JSON.stringify(session)).toBe(snapshot);
  });

  it('re-resolves instructions when the context changed', () => {
    const { billing } = support();
    const context = { customerId: 'C-1' };
    expect(buildSessionConfig(billing, context).instructions).toBe('Billing for C-1.');
    context.customerId = 'C-2';
    expect(buildSessionConfig(billing, context).instructions).toBe('Billing for C-2.');
  });
});

describe('tool lookups', () => {
  it("finds an agent's function and handoff tools by name", () => {
    const { triage, billing } = support();
    expect(findTool(billing, 'lookup_invoice')).toBe(lookupInvoice);
    const back = findTool(billing, 'transfer_to_triage');
    expect(back?.kind).toBe('handoff');
    expect(back?.kind === 'handoff' && back.target()).toBe(triage);
    expect(findTool(billing, 'transfer_to_tech_support')).toBeUndefined();
    expect(findTool(triage, 'lookup_invoice')).toBeUndefined();
  });

  it('lists tool names in the order sent to the model', () => {
    const { triage, billing } = support();
    expect(agentToolNames(billing)).toEqual(['lookup_invoice', 'transfer_to_triage']);
    expect(agentToolNames(triage)).toEqual(['transfer_to_billing', 'transfer_to_tech_support']);
  });

  it('resolves a handoff to its target, through the swarm when there is one', () => {
    const { triage, billing, tech } = support();
    const toTech = findTool(triage, 'transfer_to_tech_support');
    if (toTech?.kind !== 'handoff') throw new Error('expected a handoff');
    expect(resolveHandoffTarget(toTech)).toBe(tech);
    const swarm = defineSwarm({
      agents: [triage, billing, tech],
      start: triage,
      context: { customerId: 'C' },
    });
    expect(resolveHandoffTarget(toTech, swarm)).toBe(tech);
  });
});
