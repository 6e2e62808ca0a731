import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineAgent,
  ProtocolError,
  RealtimeSession,
  type RealtimeTransport,
  SessionOptionError,
  type ToolCallEvent,
  TransportConnectError,
  tool,
} from '../src/index.js';
import { inspectSession } from '../src/session/session-internals.js';
import { createScriptedTransport } from '../src/testing/index.js';
import { startSession, tick } from './fixtures.js';

const hanging = tool({
  name: 'slow_search',
  description: 'Never answers',
  parameters: z.object({ query: z.string() }),
  execute: () => new Promise(() => {}),
});
const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.', tools: [hanging] });

/** A scripted transport whose connect() or close() fails. */
function failingTransport(fail: 'connect' | 'close'): RealtimeTransport {
  const { transport } = createScriptedTransport();
  if (fail === 'connect')
    return {
      ...transport,
      connect: () => Promise.reject(new TransportConnectError({ kind: 'network_error', message: 'refused' })),
    };
  return { ...transport, close: () => Promise.reject(new Error('socket already destroyed')) };
}

function collect(session: RealtimeSession) {
  const completed: string[] = [];
  const errors: Error[] = [];
  for (const [name, stream] of Object.entries({
    events$: session.events$,
    history$: session.history$,
    agent$: session.agent$,
    toolCalls$: session.toolCalls$,
    handoffs$: session.handoffs$,
    errors$: session.errors$,
  })) {
    (stream as RealtimeSession['errors$']).subscribe({
      next: (value) => name === 'errors$' && errors.push(value),
      complete: () => completed.push(name),
    });
  }
  return { completed, errors };
}

describe('close (issue 9, point 10)', () => {
  it('emits tool_end for every call cancelled by close()', async () => {
    const { server, script, session, toolEvents } = await startSession({ agent, context: {} });
    const ended: ToolCallEvent[] = [];
    session.toolCalls$.subscribe((event) => event.type === 'tool_end' && ended.push(event));
    server.emit(
      ...script.functionCallResponse([
        { name: 'slow_search', arguments: { query: 'a' } },
        { name: 'slow_search', arguments: { query: 'b' } },
      ]).events,
    );
    await tick();
    await session.close();
    expect(ended).toHaveLength(2);
    expect(ended.every((event) => event.type === 'tool_end' && !event.outputSent)).toBe(true);
    expect(toolEvents.filter((event) => event.type === 'tool_end')).toMatchObject([
      {
        outcome: 'cancelled',
        output: 'Error: the call to "slow_search" was cancelled because the session closed.',
      },
      { outcome: 'cancelled' },
    ]);
    expect(inspectSession(session).dispatcher).toEqual({
      responses: 0,
      calls: 0,
      waitingForApp: 0,
      seenCalls: 0,
    });
  });

  it('a failed connect() completes the streams and leaves the session closed', async () => {
    const session = new RealtimeSession({ agent, context: {}, transport: failingTransport('connect') });
    const { completed } = collect(session);
    await expect(session.connect()).rejects.toBeInstanceOf(TransportConnectError);
    expect(session.state).toBe('closed');
    expect(completed.sort()).toEqual(['agent$', 'errors$', 'events$', 'handoffs$', 'history$', 'toolCalls$']);
    expect(inspectSession(session).unsubscribed).toBe(true);
  });

  it('close() over a transport whose close() rejects reports the error and still closes the session', async () => {
    const session = new RealtimeSession({ agent, context: {}, transport: failingTransport('close') });
    const { completed, errors } = collect(session);
    await session.connect();
    await expect(session.close()).resolves.toBeUndefined();
    expect(session.state).toBe('closed');
    expect(errors.map((error) => error.message)).toEqual(['socket already destroyed']);
    expect(completed).toHaveLength(6);
  });
});

describe('hangup', () => {
  it('hangup() over a phone transport whose hangup() rejects reports the error and still closes', async () => {
    const { transport } = createScriptedTransport();
    const phone: RealtimeTransport = {
      ...transport,
      hangup: () => Promise.reject(new Error('carrier unreachable')),
    };
    const session = new RealtimeSession({ agent, context: {}, transport: phone });
    const { errors } = collect(session);
    await session.connect();
    await expect(session.hangup()).resolves.toBeUndefined();
    expect(session.state).toBe('closed');
    expect(errors.map((error) => error.message)).toEqual(['carrier unreachable']);
  });
});

describe('bounded bookkeeping (issue 9, points 9 and 10)', () => {
  it('remembers a bounded number of call ids over a long session', async () => {
    const quick = tool({
      name: 'ping',
      description: 'Pong',
      parameters: z.object({}),
      execute: () => 'pong',
    });
    const pinger = defineAgent({ name: 'Assistant', instructions: 'Be brief.', tools: [quick] });
    const { server, script, session } = await startSession({ agent: pinger, context: {} });
    for (let round = 0; round < 1_500; round++) {
      server.emit(...script.functionCallResponse([{ name: 'ping' }]).events);
      if (round % 100 === 0) await tick();
    }
    await tick();
    const load = inspectSession(session).dispatcher;
    expect(load.seenCalls).toBeLessThanOrEqual(1_024);
    expect(load.responses).toBeLessThanOrEqual(32);
  });

  it('reports a delta with content_index 4294967294 as a ProtocolError and keeps the history small', async () => {
    const { server, script, session, errors } = await startSession({ agent, context: {} });
    const text = script.textResponse('Hello');
    server.emit(...text.events);
    const itemId = text.itemIds[0] as string;
    server.emit({
      type: 'response.output_text.delta',
      event_id: 'e_big',
      response_id: text.responseId,
      item_id: itemId,
      output_index: 0,
      content_index: 4_294_967_294,
      delta: '!',
    });
    expect(errors[0]).toBeInstanceOf(ProtocolError);
    expect(errors[0]?.message).toMatch(/content_index/);
    const item = session.history.items.find((candidate) => candidate.id === itemId) as { content: unknown[] };
    expect(item.content).toHaveLength(1);
  });
});

describe('session options (issue 9, point 10)', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])(
    'refuses toolTimeoutMs %s',
    (toolTimeoutMs) => {
      const { transport } = createScriptedTransport();
      expect(() => new RealtimeSession({ agent, context: {}, transport, toolTimeoutMs })).toThrow(
        SessionOptionError,
      );
    },
  );
});
