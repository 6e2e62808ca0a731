import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAgent, type ServerEvent, tool } from '../src/index.js';
import { deferred, startSession, tick } from './fixtures.js';

type Sent = { type: string; event_id?: string; item?: { type?: string; call_id?: string; output?: string } };

const outputsOf = (sent: readonly Sent[]) =>
  sent.flatMap((event) => (event.item?.type === 'function_call_output' ? [event.item.output] : []));

/** An agent with a tool that runs until released, one that needs approval, and one that records runs. */
function agentWithTools() {
  const gate = deferred<string>();
  const ran: string[] = [];
  const agent = defineAgent({
    name: 'Assistant',
    instructions: 'Be brief.',
    tools: [
      tool({
        name: 'slow_search',
        description: 'Searches slowly',
        parameters: z.object({ query: z.string() }),
        execute: async ({ query }) => {
          ran.push(query);
          return gate.promise;
        },
      }),
      tool({
        name: 'delete_account',
        description: 'Deletes the account',
        parameters: z.object({ accountId: z.string() }),
        needsApproval: async () => {
          await tick();
          return true;
        },
        execute: ({ accountId }) => {
          ran.push(`delete ${accountId}`);
          return 'deleted';
        },
      }),
    ],
  });
  return { agent, gate, ran };
}

/** The events of a function-call response, split at its response.done. */
function splitAtDone(events: ServerEvent[]) {
  const doneAt = events.findIndex((event) => event.type === 'response.done');
  return { before: events.slice(0, doneAt), done: events.slice(doneAt) };
}

const outOfBand = (event: ServerEvent): ServerEvent =>
  event.type === 'response.created' || event.type === 'response.done'
    ? { ...event, response: { ...event.response, conversation_id: null } }
    : event;

describe('out-of-band responses (issue 9, point 5)', () => {
  it('runs the calls of an out-of-band response, reports their outputs and writes nothing into the conversation', async () => {
    const { agent, gate } = agentWithTools();
    gate.resolve('found it');
    const { server, script, sentAfter, toolEvents } = await startSession({ agent, context: {} });
    server.emit(
      ...script
        .functionCallResponse([{ name: 'slow_search', arguments: { query: 'topic' } }])
        .events.map(outOfBand),
    );
    await tick();
    expect(sentAfter(1)).toEqual([]);
    expect(toolEvents.at(-1)).toMatchObject({
      type: 'tool_end',
      outcome: 'success',
      output: 'found it',
      outputSent: false,
      outOfBand: true,
    });
  });
});

describe('reconnect (issue 9, point 6)', () => {
  it('re-sends a response.create the dropped connection never answered, once, after the restore', async () => {
    const { server, session, sentAfter } = await startSession({ agent: agentWithTools().agent, context: {} });
    session.sendText('Hello?');
    const before = server.sent.length;
    server.drop({ kind: 'network_error', message: 'socket hang up' }, { reconnect: true });
    server.reopen();
    expect((sentAfter(before) as Sent[]).map((event) => event.type)).toEqual([
      'session.update',
      'response.create',
    ]);
  });

  it('gives a response cut off by a reconnect its outputs and one follow-up on the new connection', async () => {
    const { agent, gate } = agentWithTools();
    const { server, script, sentAfter } = await startSession({ agent, context: {} });
    const { before } = splitAtDone(
      script.functionCallResponse([{ name: 'slow_search', arguments: { query: 'q' } }]).events,
    );
    server.emit(...before);
    await tick();
    const sentBefore = server.sent.length;
    server.drop({ kind: 'network_error', message: 'socket hang up' }, { reconnect: true });
    gate.resolve('result');
    await tick();
    server.reopen();
    const sent = sentAfter(sentBefore) as Sent[];
    expect(sent.map((event) => event.item?.type ?? event.type)).toEqual([
      'session.update',
      'function_call', // the restored history
      'function_call_output',
      'response.create',
    ]);
    expect(outputsOf(sent)).toEqual(['result']);
  });

  it('re-sends an output the old connection never echoed, once', async () => {
    const { agent, gate } = agentWithTools();
    gate.resolve('result');
    const { server, script, sentAfter } = await startSession({ agent, context: {} });
    const { before } = splitAtDone(
      script.functionCallResponse([{ name: 'slow_search', arguments: { query: 'q' } }]).events,
    );
    server.emit(...before);
    await tick();
    expect(outputsOf(sentAfter(1) as Sent[])).toEqual(['result']);
    const sentBefore = server.sent.length;
    server.drop({ kind: 'network_error', message: 'socket hang up' }, { reconnect: true });
    server.reopen();
    const sent = sentAfter(sentBefore) as Sent[];
    expect(outputsOf(sent)).toEqual(['result']);
    expect(sent.at(-1)?.type).toBe('response.create');
  });
});

describe('calls that must not run (issue 9, point 7)', () => {
  it('never runs a call that arrives after interrupt() in the same response; it gets a cancelled output', async () => {
    const { agent, ran } = agentWithTools();
    const { server, script, session, sentAfter } = await startSession({ agent, context: {} });
    const response = script.functionCallResponse([
      { name: 'slow_search', arguments: { query: 'first' } },
      { name: 'slow_search', arguments: { query: 'second' } },
    ]);
    const secondAt = response.events.findIndex(
      (event, index) => index > 1 && event.type === 'response.output_item.added',
    );
    server.emit(...response.events.slice(0, secondAt));
    await tick();
    session.interrupt();
    server.emit(...response.events.slice(secondAt));
    await tick();
    expect(ran).toEqual(['first']);
    expect(outputsOf(sentAfter(1) as Sent[])).toEqual([
      'Error: the call to "slow_search" was cancelled because the user interrupted.',
      'Error: the call to "slow_search" was cancelled because the user interrupted.',
    ]);
  });

  it('never starts execute once the call is aborted while its needsApproval check runs', async () => {
    const { agent, ran } = agentWithTools();
    const { server, script, session, toolEvents } = await startSession({ agent, context: {} });
    server.emit(
      ...script.functionCallResponse([{ name: 'delete_account', arguments: { accountId: 'A-1' } }]).events,
    );
    session.interrupt();
    await tick();
    expect(ran).toEqual([]);
    expect(toolEvents.map((event) => event.type)).toEqual(['tool_start', 'tool_end']);
  });

  it('never runs a call first seen in a cancelled response.done, and asks no approval', async () => {
    const { agent, ran } = agentWithTools();
    const { server, script, sentAfter, toolEvents } = await startSession({ agent, context: {} });
    const response = script.functionCallResponse(
      [
        { name: 'slow_search', arguments: { query: 'q' } },
        { name: 'delete_account', arguments: { accountId: 'A-1' } },
      ],
      { status: 'cancelled' },
    );
    server.emit(response.events[0] as ServerEvent, ...splitAtDone(response.events).done);
    await tick();
    expect(ran).toEqual([]);
    expect(toolEvents.map((event) => event.type)).toEqual([
      'tool_start',
      'tool_end',
      'tool_start',
      'tool_end',
    ]);
    expect((sentAfter(1) as Sent[]).map((event) => event.type)).toEqual([
      'conversation.item.create',
      'conversation.item.create',
    ]);
  });
});
