import {
  type Agent,
  createKit,
  defineSwarm,
  HandoffError,
  type HandoffEvent,
  itemText,
  RealtimeSession,
  SessionStateError,
  ToolArgumentsError,
  type ToolCallEvent,
  UnknownAgentError,
} from '@switchboard/core';
import { websocketTransport } from '@switchboard/transport-websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { scriptedBrain, startLocalRealtime } from '../src/index.js';

/*
 * Handoffs from code (issue 16, point 7): `session.handoffTo(agentName, { reason })` goes through
 * the model's handoff path (the handoff's input and onHandoff, the old agent's calls aborted, the
 * switch, handoffs$, the new agent speaking), against the local server.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Ctx {
  transfers: string[];
  failHook: boolean;
}

/** Each agent introduces itself; Billing repeats the latest system note (the reason it got the call). */
const brain = scriptedBrain([
  { user: /look it up/i, call: { name: 'slow_lookup', arguments: {} } },
  {
    say: (c) => {
      if (!c.request.instructions.startsWith('You are Billing')) return 'Triage here.';
      const notes = c.request.items.filter((item) => item.type === 'message' && item.role === 'system');
      const note = notes.at(-1);
      return `Billing here. ${note ? itemText(note) : 'No note.'}`;
    },
  },
]);

function agents() {
  const { defineAgent, handoff, tool } = createKit<Ctx>();
  let release: () => void = () => {};
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const lookup = tool({
    name: 'slow_lookup',
    description: 'A lookup that waits until it is aborted',
    parameters: z.object({}),
    execute: (_args, { signal }) =>
      new Promise<string>((resolve, reject) => {
        markStarted();
        release = () => resolve('done');
        signal.addEventListener('abort', () => reject(new Error(`aborted: ${String(signal.reason)}`)));
      }),
  });
  const billing: Agent<Ctx> = defineAgent({
    name: 'Billing',
    instructions: 'You are Billing. Help with invoices.',
    session: { output_modalities: ['text'] },
  });
  const triage: Agent<Ctx> = defineAgent({
    name: 'Triage',
    instructions: 'You are Triage. Route the caller.',
    session: { output_modalities: ['text'] },
    tools: [lookup],
    handoffs: [
      handoff(billing, {
        input: z.object({ invoiceId: z.string().regex(/^INV-\d+$/) }).partial(),
        onHandoff: (ctx, input) => {
          if (ctx.context.failHook) throw new Error('the CRM is down');
          ctx.context.transfers.push(`${ctx.agent.name} → Billing (${ctx.callId}) ${JSON.stringify(input)}`);
        },
      }),
    ],
  });
  return { triage, billing, started, release: () => release() };
}

async function connect(options: { swarm?: boolean } = {}) {
  const server = await startLocalRealtime({ port: 0, brain, audio: { pace: 'fast', voice: 'tone' } });
  cleanups.push(() => server.close());
  const { triage, billing, started } = agents();
  const context: Ctx = { transfers: [], failHook: false };
  const transport = websocketTransport({ dialect: 'ga', url: server.url });
  const session =
    options.swarm === false
      ? new RealtimeSession<Ctx>({ agent: triage, context, transport })
      : new RealtimeSession<Ctx>({
          swarm: defineSwarm<Ctx>({
            agents: [triage, billing],
            start: triage,
            context,
          }),
          transport,
        });
  const handoffs: HandoffEvent[] = [];
  const toolEvents: ToolCallEvent[] = [];
  const errors: Error[] = [];
  session.handoffs$.subscribe((event) => handoffs.push(event));
  session.toolCalls$.subscribe((event) => toolEvents.push(event));
  session.errors$.subscribe((error) => errors.push(error));
  cleanups.push(() => session.close());
  await session.connect();
  return { session, context, handoffs, toolEvents, errors, started };
}

describe('session.handoffTo', () => {
  it('hands an idle call to another agent, runs its onHandoff, and the new agent speaks with the reason', async () => {
    const { session, context, handoffs, errors } = await connect();
    expect((await session.sendText('Hello').done).text).toBe('Triage here.');
    const turns: Promise<{ text: string; status: string }>[] = [];
    session.turns$.subscribe((turn) => turns.push(turn.done));
    const event = await session.handoffTo('Billing', {
      reason: 'The caller pressed 2 for billing.',
      input: { invoiceId: 'INV-7' },
    });
    expect(event).toEqual({
      type: 'handoff',
      from: 'Triage',
      to: 'Billing',
      source: 'app',
      input: { invoiceId: 'INV-7' },
      reason: 'The caller pressed 2 for billing.',
    });
    expect(handoffs).toEqual([event]);
    expect(session.agent.name).toBe('Billing');
    expect(context.transfers).toEqual(['Triage → Billing (app_handoff_1) {"invoiceId":"INV-7"}']);
    // The new agent spoke at once, with its own instructions and the reason as a system note.
    expect(turns).toHaveLength(1);
    const spoken = await turns[0];
    expect(spoken?.status).toBe('completed');
    expect(spoken?.text).toBe(
      'Billing here. The conversation was handed to you (Billing): The caller pressed 2 for billing.',
    );
    expect(errors).toEqual([]);
  });

  it('mid-turn: the old agent’s running tool is aborted (handoff), and the turn ends with the new agent’s answer', async () => {
    const { session, handoffs, toolEvents, errors, started } = await connect();
    const turn = session.sendText('Please look it up');
    await started;
    await session.handoffTo('Billing', { reason: 'A supervisor took over.' });
    const result = await turn.done;
    expect(result.status).toBe('completed');
    expect(result.agent.name).toBe('Billing');
    expect(result.text).toBe(
      'Billing here. The conversation was handed to you (Billing): A supervisor took over.',
    );
    expect(result.toolCalls).toEqual([
      expect.objectContaining({ name: 'slow_lookup', outcome: 'cancelled' }),
    ]);
    expect(result.handoffs).toEqual([expect.objectContaining({ from: 'Triage', to: 'Billing' })]);
    const end = toolEvents.find((event) => event.type === 'tool_end');
    expect(end).toMatchObject({ outcome: 'cancelled', outputSent: true });
    expect(end?.type === 'tool_end' && end.error).toMatchObject({
      name: 'ToolCancelledError',
      reason: 'handoff',
    });
    expect(handoffs).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('works without a swarm, for the active agent’s handoff targets', async () => {
    const { session } = await connect({ swarm: false });
    const event = await session.handoffTo('Billing', { respond: false });
    expect(event).toMatchObject({ from: 'Triage', to: 'Billing', source: 'app' });
    expect(session.agent.name).toBe('Billing');
    expect(await session.handoffTo('Billing')).toBeUndefined();
  });

  it('refuses an unknown agent and a closed session with typed errors, changing nothing', async () => {
    const { session, handoffs } = await connect();
    let thrown: unknown;
    try {
      await session.handoffTo('Sales');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnknownAgentError);
    expect(thrown).toMatchObject({
      code: 'unknown_agent',
      agentName: 'Sales',
      available: ['Triage', 'Billing'],
    });
    await session.close();
    expect(() => session.handoffTo('Billing')).toThrow(SessionStateError);
    expect(handoffs).toEqual([]);
  });

  it('a failing onHandoff or invalid input rejects with a HandoffError and keeps the agent', async () => {
    const { session, context, handoffs } = await connect();
    const invalid = await session
      .handoffTo('Billing', { input: { invoiceId: 'nope' } })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(HandoffError);
    expect((invalid as HandoffError).cause).toBeInstanceOf(ToolArgumentsError);
    context.failHook = true;
    const failed = await session.handoffTo('Billing').catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(HandoffError);
    expect((failed as HandoffError).message).toMatch(/the CRM is down/);
    expect(session.agent.name).toBe('Triage');
    expect(handoffs).toEqual([]);
    expect((await session.sendText('Hello').done).text).toBe('Triage here.');
  });
});
