import { describe, expect, it } from 'vitest';
import { type ConversationItem, parseServerEvent, type ServerEvent } from '../src/index.js';
import { createScriptedTransport, createServerScript } from '../src/testing/index.js';

describe('createServerScript', () => {
  it('builds events that parse cleanly (no error, no warning) in the order the API sends them', () => {
    const script = createServerScript();
    const item: ConversationItem = {
      type: 'message',
      id: 'item_x',
      role: 'user',
      content: [{ type: 'input_text', text: 'x' }],
    };
    const all: ServerEvent[] = [
      script.sessionCreated(),
      script.sessionUpdated({
        audio: { input: { turn_detection: { type: 'server_vad', create_response: false } } },
      }),
      ...script.userMessage('hello'),
      ...script.userSpeech({ transcript: 'hi' }).events,
      ...script.textResponse('Hi', { status: 'failed' }).events,
      ...script.audioResponse('Hello there').events,
      ...script.functionCallResponse([
        { name: 'a', arguments: { x: 1 } },
        { name: 'b', arguments: '{}' },
      ]).events,
      ...script.functionCallOutputAdded('call_1', 'ok'),
      script.itemRetrieved(item),
      script.error('invalid_value', 'bad', 'evt_1'),
    ];
    for (const event of all) {
      const parsed = parseServerEvent(event);
      expect(parsed.ok && parsed.warnings, event.type).toEqual([]);
    }
  });

  it('chains previous_item_id through every builder and spells out a spoken turn', () => {
    const script = createServerScript();
    const [added] = script.userMessage('hello');
    const speech = script.userSpeech();
    const reply = script.audioResponse('Hello');
    expect(speech.events.map((event) => event.type)).toEqual([
      'input_audio_buffer.speech_started',
      'input_audio_buffer.speech_stopped',
      'input_audio_buffer.committed',
      'conversation.item.added',
      'conversation.item.done',
    ]);
    const previous = (events: readonly ServerEvent[]) =>
      events.flatMap((event) => (event.type === 'conversation.item.added' ? [event.previous_item_id] : []));
    const userId = added?.type === 'conversation.item.added' ? added.item.id : undefined;
    expect(previous(speech.events)).toEqual([userId]);
    expect(previous(reply.events)).toEqual([speech.itemId]);
    expect(
      reply.events.filter((event) => event.type === 'response.output_audio_transcript.delta'),
    ).toHaveLength(2);
  });
});

describe('waitForSent', () => {
  it('counts events already sent by default; since skips the first ones; afterIndex still works', async () => {
    const server = createScriptedTransport();
    await server.transport.connect();
    server.transport.send({ type: 'response.create', event_id: 'first' });
    server.transport.send({ type: 'response.cancel' });
    expect(await server.waitForSent('response.create')).toMatchObject({ event_id: 'first' });
    const since = server.sent.length;
    const next = server.waitForSent('response.create', { since });
    server.transport.send({ type: 'response.create', event_id: 'second' });
    expect(await next).toMatchObject({ event_id: 'second' });
    expect(await server.waitForSent('response.create', { afterIndex: 0 })).toMatchObject({
      event_id: 'second',
    });
  });

  it('rejects after its timeout, listing what was sent and where', async () => {
    const server = createScriptedTransport();
    await server.transport.connect();
    server.transport.send({ type: 'response.cancel' });
    await expect(server.waitForSent('response.create', { since: 0, timeoutMs: 1 })).rejects.toThrow(
      'no "response.create" was sent from position 0 within 1 ms; sent: 0:response.cancel',
    );
  });
});
