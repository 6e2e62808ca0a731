import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CallAfterCloseError,
  ConnectionClosedError,
  defineAgent,
  InputTooLargeError,
  ProtocolError,
  ServerError,
  SessionStateError,
  tool,
} from '../src/index.js';
import { startSession, tick } from './fixtures.js';

const agent = defineAgent({
  name: 'Assistant',
  instructions: 'Be brief.',
  session: { output_modalities: ['text'] },
  tools: [
    tool({
      name: 'echo',
      description: 'Echoes',
      parameters: z.object({ text: z.string() }),
      execute: ({ text }) => text,
    }),
  ],
});

describe('malformed and unknown server events', () => {
  it('reports a malformed known event as a ProtocolError naming the event and path, and goes on', async () => {
    const { server, script, session, errors, sentTypes } = await startSession({ agent, context: {} });
    const events: string[] = [];
    session.events$.subscribe((event) => events.push(event.type));
    server.emit({ type: 'response.done', event_id: 'e1', response: { id: 7, output: 'nope' } });
    server.emit('{"type": "response.done", truncated');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(ProtocolError);
    expect((errors[0] as ProtocolError).eventType).toBe('response.done');
    expect(errors[0]?.message).toMatch(/response\.(id|output)/);
    expect(errors[1]).toBeInstanceOf(ProtocolError);

    server.emit(...script.functionCallResponse([{ name: 'echo', arguments: { text: 'still here' } }]).events);
    await tick();
    expect(sentTypes().slice(1)).toEqual(['conversation.item.create', 'response.create']);
    expect(events).not.toContain('unknown');
  });

  it('passes an unknown event type through as a typed unknown event, not an error', async () => {
    const { server, session, errors } = await startSession({ agent, context: {} });
    const seen: unknown[] = [];
    session.events$.subscribe((event) => seen.push(event));
    server.emit({ type: 'response.future_feature.delta', event_id: 'e9', delta: 'x' });
    expect(seen).toEqual([
      {
        type: 'unknown',
        serverType: 'response.future_feature.delta',
        raw: { type: 'response.future_feature.delta', event_id: 'e9', delta: 'x' },
      },
    ]);
    expect(errors).toEqual([]);
  });

  it('surfaces server error events as ServerError values', async () => {
    const { server, script, errors } = await startSession({ agent, context: {} });
    server.emit(script.error('invalid_value', 'voice is locked', 'evt_client_1'));
    expect(errors[0]).toBeInstanceOf(ServerError);
    expect(errors[0]).toMatchObject({ code: 'invalid_value', clientEventId: 'evt_client_1' });
  });
});

describe('close', () => {
  it('ignores and reports function calls that arrive after close, runs nothing and sends nothing', async () => {
    const { server, script, session, errors, sentTypes } = await startSession({ agent, context: {} });
    const closing = session.close();
    server.emit(...script.functionCallResponse([{ name: 'echo', arguments: { text: 'late' } }]).events);
    await closing;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CallAfterCloseError);
    expect(errors[0]?.message).toMatch(/"echo" .* arrived after the session closed/);
    expect(sentTypes()).toEqual(['session.update']);
    expect(session.state).toBe('closed');
    expect(() => session.sendText('hello?')).toThrow(SessionStateError);
  });

  it('reports a connection that ends without close() as a ConnectionClosedError with the reason', async () => {
    const { server, errors } = await startSession({ agent, context: {} });
    server.drop({ kind: 'server_closed', code: 1011, reason: 'internal error' });
    expect(errors[0]).toBeInstanceOf(ConnectionClosedError);
    expect(errors[0]?.message).toBe(
      'the connection closed: the server closed the connection with code 1011 (internal error)',
    );
  });
});

describe('reconnect', () => {
  it("re-sends the agent's session.update and restores the text history with the same item ids", async () => {
    const { server, script, session, sentAfter } = await startSession({ agent, context: {} });
    session.sendText('What is 2+2?');
    server.emit(...script.userMessage('What is 2+2?'), ...script.textResponse('Four.').events);
    const ids = session.history.items.map((item) => item.id);
    const before = server.sent.length;
    server.drop({ kind: 'network_error', message: 'socket hang up' }, { reconnect: true });
    session.sendText('And 3+3?');
    expect(sentAfter(before)).toEqual([]);
    server.reopen();
    const restored = sentAfter(before).slice(0, 3);
    expect(restored.map((event) => event.type)).toEqual([
      'session.update',
      'conversation.item.create',
      'conversation.item.create',
    ]);
    expect(restored[1]).toEqual({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        id: ids[0],
        role: 'user',
        content: [{ type: 'input_text', text: 'What is 2+2?' }],
      },
    });
    expect(restored[2]).toEqual({
      type: 'conversation.item.create',
      previous_item_id: ids[0],
      item: {
        type: 'message',
        id: ids[1],
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Four.' }],
      },
    });
    // What the app sent while the connection was down goes after the restore, in order.
    expect(sentAfter(before + 3)).toMatchObject([
      { type: 'conversation.item.create', item: { content: [{ text: 'And 3+3?' }] } },
      { type: 'response.create' },
    ]);
  });

  it('reports events held for a connection that never comes back', async () => {
    const { server, session, errors } = await startSession({ agent, context: {} });
    server.drop({ kind: 'network_error', message: 'socket hang up' }, { reconnect: true });
    session.sendText('anyone there?', { respond: false });
    server.drop({ kind: 'network_error', message: 'retries exhausted' });
    expect(errors.map((error) => error.name)).toEqual(['TransportSendError', 'ConnectionClosedError']);
    expect(errors[0]?.message).toBe(
      'could not send conversation.item.create: the connection closed: network error: retries exhausted',
    );
  });
});

describe('audio and responses', () => {
  it('sends PCM16 as base64 and rejects audio over the 15 MiB limit before sending', async () => {
    const { server, session, sentAfter } = await startSession({ agent, context: {} });
    session.sendAudio(new Int16Array([1, -1, 256]));
    expect(sentAfter(1)).toEqual([
      {
        type: 'input_audio_buffer.append',
        audio: Buffer.from(new Int16Array([1, -1, 256]).buffer).toString('base64'),
      },
    ]);
    expect(() => session.sendAudio(new Uint8Array(12 * 1024 * 1024))).toThrow(InputTooLargeError);
    session.commitAudio();
    expect(server.sent.at(-1)).toEqual({ type: 'input_audio_buffer.commit' });
  });

  it('sends out-of-band responses at once, even while a conversation response is active', async () => {
    const { server, script, session, sentAfter } = await startSession({ agent, context: {} });
    server.emit(script.textResponse('long answer').events[0]);
    session.createResponse({
      conversation: 'none',
      metadata: { purpose: 'classify' },
      input: [],
      instructions: 'Classify the topic.',
    });
    session.createResponse();
    expect(sentAfter(1)).toEqual([
      {
        type: 'response.create',
        response: {
          conversation: 'none',
          metadata: { purpose: 'classify' },
          input: [],
          instructions: 'Classify the topic.',
        },
      },
    ]);
  });

  it('queues a conversation response until the active one is done', async () => {
    const { server, script, session, sentAfter } = await startSession({ agent, context: {} });
    const active = script.textResponse('long answer');
    server.emit(active.events[0]);
    session.sendText('and another thing', { respond: true });
    expect(sentAfter(1).map((event) => event.type)).toEqual(['conversation.item.create']);
    server.emit(...active.events.slice(1));
    expect(sentAfter(2).map((event) => event.type)).toEqual(['response.create']);
  });
});

describe('beta dialect', () => {
  it('runs a text turn and a tool call over a beta wire, sending beta-shaped events', async () => {
    const { server, session, sentAfter } = await startSession({ agent, context: {} }, { dialect: 'beta' });
    expect(server.wire[0]).toMatchObject({
      type: 'session.update',
      session: { modalities: ['text'], instructions: 'Be brief.' },
    });
    expect(server.wire[0]).not.toHaveProperty('session.output_modalities');
    const base = { response_id: 'r1', item_id: 'i1', output_index: 0, content_index: 0 };
    server.emit(
      {
        type: 'response.created',
        event_id: 'e1',
        response: { id: 'r1', object: 'realtime.response', status: 'in_progress', output: [] },
      },
      {
        type: 'conversation.item.created',
        event_id: 'e2',
        previous_item_id: null,
        item: { id: 'i1', type: 'message', role: 'assistant', status: 'in_progress', content: [] },
      },
      { type: 'response.text.delta', event_id: 'e3', ...base, delta: 'Hel' },
      { type: 'response.text.delta', event_id: 'e4', ...base, delta: 'lo' },
      {
        type: 'response.done',
        event_id: 'e5',
        response: { id: 'r1', object: 'realtime.response', status: 'completed', output: [] },
      },
    );
    expect(session.history.items[0]).toMatchObject({
      id: 'i1',
      content: [{ type: 'output_text', text: 'Hello' }],
    });
    server.emit(
      {
        type: 'response.created',
        event_id: 'e6',
        response: { id: 'r2', object: 'realtime.response', status: 'in_progress', output: [] },
      },
      {
        type: 'response.output_item.done',
        event_id: 'e7',
        response_id: 'r2',
        output_index: 0,
        item: {
          id: 'i2',
          type: 'function_call',
          call_id: 'c1',
          name: 'echo',
          arguments: '{"text":"hi"}',
          status: 'completed',
        },
      },
      {
        type: 'response.done',
        event_id: 'e8',
        response: { id: 'r2', object: 'realtime.response', status: 'completed', output: [] },
      },
    );
    await tick();
    expect(sentAfter(1).map((event) => event.type)).toEqual(['conversation.item.create', 'response.create']);
    expect(server.wire.slice(1)).toMatchObject([
      { item: { type: 'function_call_output', call_id: 'c1', output: 'hi' } },
      { type: 'response.create' },
    ]);
  });
});
