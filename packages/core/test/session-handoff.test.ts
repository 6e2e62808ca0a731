import { describe, expect, it } from 'vitest';
import type { HandoffEvent } from '../src/index.js';
import { startSession, supportSwarm, tick } from './fixtures.js';

type Sent = {
  type: string;
  session?: { instructions?: string; tools?: { name: string }[] };
  item?: { output?: string };
};

describe('handoffs', () => {
  it('connects with the start agent: instructions, voice, tools and handoff tools in session.update', async () => {
    const { server } = await startSession({ swarm: supportSwarm() });
    expect(server.sent[0]).toMatchObject({
      type: 'session.update',
      session: {
        type: 'realtime',
        instructions: 'You route the caller.',
        audio: { output: { voice: 'marin' } },
      },
    });
    const tools = (server.sent[0] as Sent).session?.tools?.map((t) => t.name);
    expect(tools).toEqual(['lookup_invoice', 'transfer_to_billing', 'transfer_to_tech_support']);
  });

  it('runs the chain triage → billing → triage: session.update, the output, then response.create each time', async () => {
    const { server, script, session, sentAfter } = await startSession({ swarm: supportSwarm() });
    const handoffs: HandoffEvent[] = [];
    session.handoffs$.subscribe((event) => handoffs.push(event));

    const toBilling = script.functionCallResponse([{ name: 'transfer_to_billing' }]);
    server.emit(...toBilling.events);
    await tick();
    const first = sentAfter(1) as Sent[];
    expect(first.map((event) => event.type)).toEqual([
      'session.update',
      'conversation.item.create',
      'response.create',
    ]);
    expect(first[0]?.session?.instructions).toBe('You handle billing for customer C-42.');
    expect(first[0]?.session?.tools?.map((t) => t.name)).toEqual(['lookup_invoice', 'transfer_to_triage']);
    expect(first[1]).toMatchObject({ item: { type: 'function_call_output', call_id: toBilling.callIds[0] } });
    expect(session.agent.name).toBe('Billing');

    server.emit(...script.functionCallResponse([{ name: 'transfer_to_triage' }]).events);
    await tick();
    const second = sentAfter(4) as Sent[];
    expect(second.map((event) => event.type)).toEqual([
      'session.update',
      'conversation.item.create',
      'response.create',
    ]);
    expect(second[0]?.session?.instructions).toBe('You route the caller.');
    expect(session.agent.name).toBe('Triage');
    expect(handoffs.map((event) => [event.from, event.to])).toEqual([
      ['Triage', 'Billing'],
      ['Billing', 'Triage'],
    ]);
  });

  it('validates handoff input and passes it to the handoff event', async () => {
    const { server, script, session, sentAfter } = await startSession({ swarm: supportSwarm() });
    const handoffs: HandoffEvent[] = [];
    session.handoffs$.subscribe((event) => handoffs.push(event));
    server.emit(
      ...script.functionCallResponse([{ name: 'transfer_to_tech_support', arguments: { reason: 42 } }])
        .events,
    );
    await tick();
    expect(session.agent.name).toBe('Triage');
    expect((sentAfter(1)[0] as Sent).item?.output).toMatch(
      /invalid arguments for tool "transfer_to_tech_support": reason/,
    );
    expect(sentAfter(2).map((event) => event.type)).toEqual(['response.create']);

    server.emit(
      ...script.functionCallResponse([
        { name: 'transfer_to_tech_support', arguments: { reason: 'router broken' } },
      ]).events,
    );
    await tick();
    expect(session.agent.name).toBe('Tech Support');
    expect(handoffs).toEqual([
      {
        type: 'handoff',
        from: 'Triage',
        to: 'Tech Support',
        callId: expect.any(String),
        input: { reason: 'router broken' },
      },
    ]);
  });

  it('with a tool call and a handoff in one response: the tool output first, then the handoff, one response.create', async () => {
    const { server, script, session, sentAfter } = await startSession({ swarm: supportSwarm() });
    server.emit(
      ...script.functionCallResponse([
        { name: 'transfer_to_billing' },
        { name: 'lookup_invoice', arguments: { invoiceId: 'INV-7' } },
      ]).events,
    );
    await tick();
    const sent = sentAfter(1) as Sent[];
    expect(sent.map((event) => event.type)).toEqual([
      'conversation.item.create',
      'session.update',
      'conversation.item.create',
      'response.create',
    ]);
    expect(sent[0]?.item?.output).toBe('{"invoiceId":"INV-7","amount":42}');
    expect(sent[2]?.item?.output).toBe('{"transferred_to":"Billing"}');
    expect(session.agent.name).toBe('Billing');
  });

  it('applies only the first of two handoffs in one response and tells the model about the second', async () => {
    const { server, script, session, sentAfter } = await startSession({ swarm: supportSwarm() });
    server.emit(
      ...script.functionCallResponse([
        { name: 'transfer_to_billing' },
        { name: 'transfer_to_tech_support', arguments: { reason: 'x' } },
      ]).events,
    );
    await tick();
    const sent = sentAfter(1) as Sent[];
    expect(sent.map((event) => event.type)).toEqual([
      'conversation.item.create',
      'session.update',
      'conversation.item.create',
      'response.create',
    ]);
    expect(sent[0]?.item?.output).toBe(
      'Error: ignored; this response already hands the conversation to "Billing".',
    );
    expect(session.agent.name).toBe('Billing');
  });

  it('matches calls against the agent active when the response was created, even after a switch', async () => {
    const swarm = supportSwarm();
    const { server, script, session, sentAfter } = await startSession({ swarm });
    // The response was created while Triage was active; Tech Support has no lookup_invoice.
    const lookup = script.functionCallResponse([
      { name: 'lookup_invoice', arguments: { invoiceId: 'INV-1' } },
    ]);
    server.emit(lookup.events[0]);
    session.updateAgent(swarm.agent('Tech Support'));
    const before = sentAfter(0).length;
    server.emit(...lookup.events.slice(1));
    await tick();
    expect((sentAfter(before)[0] as Sent).item?.output).toBe('{"invoiceId":"INV-1","amount":42}');
  });

  it('runs no call that arrives in an older response after a handoff cancelled its calls', async () => {
    const { server, script, session, sentAfter, toolEvents } = await startSession({ swarm: supportSwarm() });
    const toTech = script.functionCallResponse([
      { name: 'transfer_to_tech_support', arguments: { reason: 'x' } },
    ]);
    const lookup = script.functionCallResponse([
      { name: 'lookup_invoice', arguments: { invoiceId: 'INV-1' } },
    ]);
    server.emit(lookup.events[0]);
    server.emit(...toTech.events);
    await tick();
    expect(session.agent.name).toBe('Tech Support');
    const before = sentAfter(0).length;
    server.emit(...lookup.events.slice(1));
    await tick();
    expect((sentAfter(before)[0] as Sent).item?.output).toBe(
      'Error: the call to "lookup_invoice" was cancelled because the conversation was handed to another agent.',
    );
    expect(sentAfter(before + 1)).toEqual([]);
    expect(toolEvents.filter((event) => event.type === 'tool_end').at(-1)).toMatchObject({
      outcome: 'cancelled',
    });
  });

  it('updateAgent switches agents by hand with a session.update and a handoff event', async () => {
    const swarm = supportSwarm();
    const { session, sentAfter } = await startSession({ swarm });
    const handoffs: HandoffEvent[] = [];
    session.handoffs$.subscribe((event) => handoffs.push(event));
    session.updateAgent(swarm.agent('Billing'));
    expect(sentAfter(1).map((event) => event.type)).toEqual(['session.update']);
    expect(handoffs).toEqual([{ type: 'handoff', from: 'Triage', to: 'Billing' }]);
  });
});
