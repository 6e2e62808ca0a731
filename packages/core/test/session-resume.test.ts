import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type ConversationItem,
  defineAgent,
  defineSwarm,
  handoff,
  memoryStore,
  RealtimeSession,
  SessionOptionError,
  type SessionResume,
  tool,
  toolOutcomesIn,
  UnknownAgentError,
  type VersionedStore,
} from '../src/index.js';
import { createScriptedTransport, createServerScript } from '../src/testing/index.js';
import { tick } from './fixtures.js';

function swarmWith(runs: string[]) {
  const lookup = tool({
    name: 'lookup_invoice',
    description: 'Look up an invoice',
    parameters: z.object({ invoiceId: z.string() }),
    execute: ({ invoiceId }) => {
      runs.push(invoiceId);
      return { invoiceId, amount: 42 };
    },
  });
  const billing = defineAgent({ name: 'Billing', instructions: 'You handle billing.', tools: [lookup] });
  const triage = defineAgent({ name: 'Triage', instructions: 'You route.', handoffs: [handoff(billing)] });
  return defineSwarm({ agents: [triage, billing], start: triage, context: {} });
}

async function resumed(resume: SessionResume, store: VersionedStore = memoryStore(), runs: string[] = []) {
  const server = createScriptedTransport();
  const session = new RealtimeSession({
    swarm: swarmWith(runs),
    transport: server.transport,
    resume,
    toolOutcomes: toolOutcomesIn(store),
  });
  await session.connect();
  await tick();
  return { server, session, runs, script: createServerScript() };
}

/** A call as a journal holds it (what `pendingCalls` carries). */
function journaled(callId: string, name: string, args: string, agent: string, responseId = 'resp_9') {
  return { callId, name, arguments: args, responseId, agent };
}

const history: ConversationItem[] = [
  { type: 'message', id: 'item_1', role: 'user', content: [{ type: 'input_text', text: 'My invoice?' }] },
  { type: 'function_call', id: 'item_2', call_id: 'call_1', name: 'transfer_to_billing', arguments: '{}' },
  { type: 'function_call_output', id: 'item_3', call_id: 'call_1', output: '{"transferred_to":"Billing"}' },
  {
    type: 'message',
    id: 'item_4',
    role: 'assistant',
    content: [{ type: 'output_audio', transcript: 'Billing here.' }],
  },
  { type: 'message', id: 'item_5', role: 'user', content: [{ type: 'input_text', text: 'INV-7 please' }] },
] as ConversationItem[];

describe('a session resumed from a snapshot', () => {
  it("starts as the resumed agent, rebuilds the history with the same ids, then asks for the response the user's turn is owed", async () => {
    const { server, session } = await resumed({ agent: 'Billing', history });
    expect(session.agent.name).toBe('Billing');
    expect(server.sent.map((event) => event.type)).toEqual([
      'session.update',
      'conversation.item.create',
      'conversation.item.create',
      'conversation.item.create',
      'conversation.item.create',
      'conversation.item.create',
      'response.create',
    ]);
    expect(server.sent[0]).toMatchObject({ session: { instructions: 'You handle billing.' } });
    expect(server.sent.slice(1, 6).map((event) => (event as { item: { id: string } }).item.id)).toEqual([
      'item_1',
      'item_2',
      'item_3',
      'item_4',
      'item_5',
    ]);
    // Audio comes back as its transcript, as after a reconnect.
    expect(server.sent[4]).toMatchObject({
      item: { content: [{ type: 'output_text', text: 'Billing here.' }] },
    });
  });

  it('asks for no response when the conversation ends with the assistant', async () => {
    const { server } = await resumed({ agent: 'Billing', history: history.slice(0, 4) });
    expect(server.sent.map((event) => event.type)).not.toContain('response.create');
  });

  it('sends the recorded output of a pending call instead of running it, then one response.create', async () => {
    const store = memoryStore();
    const call = journaled('call_2', 'lookup_invoice', '{"invoiceId":"INV-7"}', 'Billing');
    await toolOutcomesIn(store).claim(call);
    await toolOutcomesIn(store).record(call, { ok: true, output: '{"amount":42}' });
    const { server, runs } = await resumed({ agent: 'Billing', pendingCalls: [call] }, store);
    expect(runs).toEqual([]);
    expect(server.sent.map((event) => event.type)).toEqual([
      'session.update',
      'conversation.item.create',
      'response.create',
    ]);
    expect(server.sent[1]).toMatchObject({
      item: { type: 'function_call_output', call_id: 'call_2', output: '{"amount":42}' },
    });
  });

  it('runs a pending call nobody claimed (its owner died before starting it)', async () => {
    const call = journaled('call_3', 'lookup_invoice', '{"invoiceId":"INV-8"}', 'Billing');
    const { server, runs } = await resumed({ agent: 'Billing', pendingCalls: [call] });
    expect(runs).toEqual(['INV-8']);
    expect(server.sent.at(-1)?.type).toBe('response.create');
  });

  it.each([
    ['started and never recorded (its owner died inside it)', false],
    ['recorded, before the snapshot had its agent', true],
  ])('completes a pending handoff %s: the call ends up on the handoff’s agent', async (_, recorded) => {
    const store = memoryStore();
    const call = journaled('call_h', 'transfer_to_billing', '{}', 'Triage', 'resp_8');
    await toolOutcomesIn(store).claim(call);
    if (recorded)
      await toolOutcomesIn(store).record(call, { ok: true, output: '{"transferred_to":"Billing"}' });
    const { server, session } = await resumed({ agent: 'Triage', pendingCalls: [call] }, store);
    expect(session.agent.name).toBe('Billing');
    const output = server.sent.find(
      (event) => event.type === 'conversation.item.create' && event.item.type === 'function_call_output',
    );
    expect(output).toMatchObject({ item: { call_id: 'call_h', output: expect.stringContaining('Billing') } });
    expect(server.sent.filter((event) => event.type === 'session.update').at(-1)).toMatchObject({
      session: { instructions: 'You handle billing.' },
    });
    expect(server.sent.at(-1)?.type).toBe('response.create');
  });

  it('takes over a handoff the history holds without an output on the agent that has it, not the resumed target', async () => {
    const transfer = [
      history[0],
      {
        type: 'function_call',
        id: 'item_2',
        call_id: 'call_t',
        name: 'transfer_to_billing',
        arguments: '{}',
      },
    ] as ConversationItem[];
    const { server, session } = await resumed({ agent: 'Billing', history: transfer });
    expect(session.agent.name).toBe('Billing');
    const outputs = server.sent.filter(
      (event) => event.type === 'conversation.item.create' && event.item.type === 'function_call_output',
    );
    expect(outputs).toEqual([
      expect.objectContaining({
        item: expect.objectContaining({
          call_id: 'call_t',
          output: expect.stringContaining('transferred_to'),
        }),
      }),
    ]);
    expect(server.sent.at(-1)?.type).toBe('response.create');
  });

  it('sends the recorded failure of a pending handoff as it was, and stays on the agent', async () => {
    const store = memoryStore();
    const call = journaled('call_h2', 'transfer_to_billing', '{}', 'Triage', 'resp_8');
    await toolOutcomesIn(store).claim(call);
    await toolOutcomesIn(store).record(call, { ok: false, output: 'Error: no', code: 'tool_failed' });
    const { server, session } = await resumed({ agent: 'Triage', pendingCalls: [call] }, store);
    expect(session.agent.name).toBe('Triage');
    expect(server.sent).toContainEqual(
      expect.objectContaining({ item: expect.objectContaining({ call_id: 'call_h2', output: 'Error: no' }) }),
    );
  });

  it('puts a pending call the history lacks into the conversation before its output', async () => {
    const call = journaled('call_7', 'lookup_invoice', '{"invoiceId":"INV-7"}', 'Billing');
    const { server } = await resumed({ agent: 'Billing', history, pendingCalls: [call] });
    const items = server.sent.flatMap((event) =>
      event.type === 'conversation.item.create' ? [event.item as { type: string; call_id?: string }] : [],
    );
    expect(items.slice(-2)).toEqual([
      {
        type: 'function_call',
        call_id: 'call_7',
        name: 'lookup_invoice',
        arguments: '{"invoiceId":"INV-7"}',
      },
      expect.objectContaining({ type: 'function_call_output', call_id: 'call_7' }),
    ]);
    expect(server.sent.at(-1)?.type).toBe('response.create');
  });

  it('takes over a function call the history holds without an output', async () => {
    const unanswered = [
      ...history.slice(0, 4),
      {
        type: 'function_call',
        id: 'item_6',
        call_id: 'call_4',
        name: 'lookup_invoice',
        arguments: '{"invoiceId":"INV-9"}',
      },
    ] as ConversationItem[];
    const { server, runs } = await resumed({ agent: 'Billing', history: unanswered });
    expect(runs).toEqual(['INV-9']);
    expect(server.sent.slice(-2).map((event) => event.type)).toEqual([
      'conversation.item.create',
      'response.create',
    ]);
    expect(server.sent.at(-2)).toMatchObject({ item: { type: 'function_call_output', call_id: 'call_4' } });
  });

  it("asks once: the old response's done, seen later on the call, does not bring a second follow-up", async () => {
    const call = journaled('call_5', 'lookup_invoice', '{"invoiceId":"INV-1"}', 'Billing', 'resp_old');
    const { server, script } = await resumed({ agent: 'Billing', pendingCalls: [call] });
    const creates = () => server.sent.filter((event) => event.type === 'response.create').length;
    expect(creates()).toBe(1);
    const old = script.functionCallResponse([
      { name: 'lookup_invoice', arguments: { invoiceId: 'INV-1' }, callId: 'call_5' },
    ]);
    const done = old.events.find((event) => event.type === 'response.done');
    server.emit({ ...done, response: { ...(done as { response: object }).response, id: 'resp_old' } });
    await tick();
    expect(creates()).toBe(1);
  });

  it('refuses an agent the swarm does not have, and a name that is not the single agent', () => {
    const server = createScriptedTransport();
    expect(
      () =>
        new RealtimeSession({
          swarm: swarmWith([]),
          transport: server.transport,
          resume: { agent: 'Nobody' },
        }),
    ).toThrow(UnknownAgentError);
    const solo = defineAgent({ name: 'Solo', instructions: 'Hi.' });
    expect(
      () =>
        new RealtimeSession({
          agent: solo,
          context: {},
          transport: server.transport,
          resume: { agent: 'Other' },
        }),
    ).toThrow(SessionOptionError);
  });
});
