import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  type ConversationItem,
  defineAgent,
  FunctionResultError,
  ItemRetrieveError,
  SessionArgumentError,
  SessionStateError,
  tool,
} from '../src/index.js';
import { deferred, startSession, tick } from './fixtures.js';

const assistant = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });
const start = () => startSession({ agent: assistant, context: {} });

afterEach(() => {
  vi.useRealTimers();
});

describe('sendText with a role', () => {
  it.each([
    ['user', { type: 'input_text', text: 'hi' }],
    ['system', { type: 'input_text', text: 'hi' }],
    ['assistant', { type: 'output_text', text: 'hi' }],
  ] as const)('%s: the message has the part type of its role', async (role, part) => {
    const { server, session, sentTypes } = await start();
    session.sendText('hi', { role, respond: false });
    expect(sentTypes()).toEqual(['session.update', 'conversation.item.create']);
    expect(server.sent[1]).toEqual({
      type: 'conversation.item.create',
      item: { type: 'message', role, content: [part] },
    });
  });

  it('maps an assistant line to the beta part type on a beta wire', async () => {
    const { server, session } = await startSession({ agent: assistant, context: {} }, { dialect: 'beta' });
    session.sendText('noted', { role: 'assistant', respond: false });
    expect(server.wire[1]).toMatchObject({
      item: { role: 'assistant', content: [{ type: 'text', text: 'noted' }] },
    });
  });

  it('refuses a role the API does not have, sending nothing', async () => {
    const { session, sentTypes } = await start();
    expect(() => session.sendText('x', { role: 'tool' as never })).toThrow(SessionArgumentError);
    expect(sentTypes()).toEqual(['session.update']);
  });
});

describe('item and buffer requests', () => {
  it('clearAudio, addItem, deleteItem, truncateItem and cancelResponse send their client events', async () => {
    const { server, session } = await start();
    const item: ConversationItem = {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: 'seed' }],
    };
    session.clearAudio();
    session.addItem(item, { previousItemId: null });
    session.deleteItem('item_1');
    session.truncateItem('item_2', 1250.7, { contentIndex: 1 });
    session.cancelResponse();
    session.cancelResponse('resp_9');
    expect(server.sent.slice(1)).toEqual([
      { type: 'input_audio_buffer.clear' },
      { type: 'conversation.item.create', item, previous_item_id: null },
      { type: 'conversation.item.delete', item_id: 'item_1' },
      { type: 'conversation.item.truncate', item_id: 'item_2', content_index: 1, audio_end_ms: 1250 },
      { type: 'response.cancel' },
      { type: 'response.cancel', response_id: 'resp_9' },
    ]);
  });

  it.each([
    ['a negative audioEndMs', 'item_1', -1, 0, 'audioEndMs'],
    ['a NaN audioEndMs (JSON would send null)', 'item_1', Number.NaN, 0, 'audioEndMs'],
    ['an empty item id', '', 10, 0, 'itemId'],
    ['a fractional content index', 'item_1', 10, 0.5, 'contentIndex'],
  ] as const)(
    'truncateItem refuses %s with a typed error and sends nothing',
    async (_name, itemId, audioEndMs, contentIndex, field) => {
      const { session, sentTypes } = await start();
      const error = (() => {
        try {
          session.truncateItem(itemId, audioEndMs, { contentIndex });
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(SessionArgumentError);
      expect(error).toMatchObject({ code: 'invalid_argument', operation: 'truncateItem', field });
      expect(sentTypes()).toEqual(['session.update']);
    },
  );

  it('every request throws a SessionStateError once the session is closed', async () => {
    const { session } = await start();
    await session.close();
    expect(() => session.clearAudio()).toThrow(SessionStateError);
    expect(() => session.deleteItem('item_1')).toThrow(SessionStateError);
    expect(() => session.retrieveItem('item_1')).toThrow(SessionStateError);
  });
});

describe('retrieveItem', () => {
  const audioItem: ConversationItem = {
    type: 'message',
    id: 'item_7',
    role: 'user',
    content: [{ type: 'input_audio', audio: 'AAAA', transcript: 'hi' }],
  };

  it('resolves with the item the server retrieves, matched by id', async () => {
    const { server, script, session } = await start();
    const retrieved = session.retrieveItem('item_7');
    const request = await server.waitForSent('conversation.item.retrieve');
    expect(request).toEqual({
      type: 'conversation.item.retrieve',
      event_id: expect.stringMatching(/^sb_retrieve_/),
      item_id: 'item_7',
    });
    server.emit(script.itemRetrieved({ ...audioItem, id: 'item_other' }), script.itemRetrieved(audioItem));
    await expect(retrieved).resolves.toEqual(audioItem);
  });

  it("rejects as refused with the server's error for this request (matched by event_id)", async () => {
    const { server, script, session } = await start();
    const first = session.retrieveItem('item_missing');
    const second = session.retrieveItem('item_7');
    const [request] = [await server.waitForSent('conversation.item.retrieve')];
    server.emit(script.error('item_retrieve_invalid_item_id', 'no such item', request.event_id));
    const error = await first.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ItemRetrieveError);
    expect(error).toMatchObject({
      code: 'refused',
      itemId: 'item_missing',
      cause: { code: 'item_retrieve_invalid_item_id' },
    });
    expect((error as Error).message).toBe(
      'could not retrieve item "item_missing": server error item_retrieve_invalid_item_id: no such item',
    );
    server.emit(script.itemRetrieved(audioItem));
    await expect(second).resolves.toEqual(audioItem);
  });

  it('rejects on its timeout, on its signal and when the session closes; nothing is left waiting', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { session } = await start();
    const timedOut = session.retrieveItem('item_1', { timeoutMs: 500 }).catch((error: unknown) => error);
    const controller = new AbortController();
    const aborted = session
      .retrieveItem('item_2', { signal: controller.signal })
      .catch((error: unknown) => error);
    const closed = session.retrieveItem('item_3').catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(500);
    expect(await timedOut).toMatchObject({ code: 'timeout', itemId: 'item_1' });
    controller.abort();
    expect(await aborted).toMatchObject({ code: 'aborted', itemId: 'item_2' });
    await session.close();
    expect(await closed).toMatchObject({ code: 'session_closed', itemId: 'item_3' });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('sendFunctionResult', () => {
  const pickDate = tool({
    name: 'pick_date',
    description: 'The user picks a date on screen',
    parameters: z.object({ purpose: z.string() }),
  });
  const withAppTool = defineAgent({ name: 'Assistant', instructions: 'x', tools: [pickDate] });

  it('answers a tool without execute through the pipeline: result_requested, then one output and one follow-up', async () => {
    const { server, script, session, toolEvents } = await startSession({ agent: withAppTool, context: {} });
    const turn = session.sendText('Book it');
    const call = script.functionCallResponse([{ name: 'pick_date', arguments: { purpose: 'visit' } }]);
    server.emit(...call.events);
    await tick();
    expect(toolEvents.map((event) => event.type)).toEqual(['tool_start', 'result_requested']);
    expect(toolEvents[1]).toMatchObject({ callId: call.callIds[0], arguments: { purpose: 'visit' } });

    const before = server.sent.length;
    session.sendFunctionResult(call.callIds[0] as string, { date: '2025-06-01' }, { respond: false });
    await tick();
    expect(server.sent.slice(before)).toEqual([
      {
        type: 'conversation.item.create',
        item: { type: 'function_call_output', call_id: call.callIds[0], output: '{"date":"2025-06-01"}' },
      },
      expect.objectContaining({ type: 'response.create' }),
    ]);
    server.emit(...script.textResponse('Booked for June 1st.').events);
    expect((await turn.done).toolCalls[0]).toMatchObject({
      outcome: 'success',
      result: { date: '2025-06-01' },
    });
  });

  it('an app-answered call that gets no result times out like any tool, and the model is told', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { server, script, toolEvents } = await startSession({ agent: withAppTool, context: {} });
    server.emit(
      ...script.functionCallResponse([{ name: 'pick_date', arguments: { purpose: 'visit' } }]).events,
    );
    await vi.advanceTimersByTimeAsync(30_000);
    expect(toolEvents.at(-1)).toMatchObject({ type: 'tool_end', outcome: 'timeout', outputSent: true });
  });

  it('refuses a call the pipeline runs itself (it has execute): the call keeps its one output', async () => {
    const gate = deferred<string>();
    const run = tool({
      name: 'run',
      description: 'r',
      parameters: z.object({}),
      execute: () => gate.promise,
    });
    const { server, script, session } = await startSession({
      agent: defineAgent({ name: 'A', instructions: 'x', tools: [run] }),
      context: {},
    });
    const call = script.functionCallResponse([{ name: 'run' }]);
    server.emit(...call.events);
    await tick();
    const callId = call.callIds[0] as string;
    expect(() => session.sendFunctionResult(callId, 'mine')).toThrow(FunctionResultError);
    expect(() => session.sendFunctionResult(callId, 'mine')).toThrow(
      `cannot send a result for call "${callId}": the tool pipeline answers it (its tool has execute)`,
    );
    gate.resolve('theirs');
    await tick();
    const outputs = server.sent.filter((event) => event.type === 'conversation.item.create');
    expect(outputs.map((event) => event.item.type === 'function_call_output' && event.item.output)).toEqual([
      'theirs',
    ]);
  });

  it('sends the output of a call the pipeline never saw, then (unless respond: false) a response', async () => {
    const { server, session } = await start();
    session.sendFunctionResult('call_before_attach', 'done');
    session.sendFunctionResult('call_other', { ok: true }, { respond: false });
    expect(server.sent.slice(1).map((event) => event.type)).toEqual([
      'conversation.item.create',
      'response.create',
      'conversation.item.create',
    ]);
    expect(() => session.sendFunctionResult('call_x', () => 1)).toThrow(
      expect.objectContaining({ code: 'invalid_result', callId: 'call_x' }),
    );
  });
});
