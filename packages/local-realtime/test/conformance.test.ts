import { parseServerEvent } from '@switchboard/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRealtimeServer, startLocalRealtime } from '../src/index.js';
import { base64Chunks, sampleCount, speechTurn } from './helpers/audio.js';
import { conformanceBrain, LOOKUP_INVOICE } from './helpers/brains.js';
import { ADAPTERS, type ClientAdapter, type TestClient } from './helpers/clients.js';
import type { WireEvent } from './helpers/event-log.js';
import { selfSignedCertificate } from './helpers/tls.js';

/**
 * The flows of shared/protocol/README.md, run by every client in ADAPTERS (plain `ws` and the
 * official SDK's `OpenAIRealtimeWS`): same events, same order, same errors, whoever connects.
 */

const userText = (text: string, id?: string) => ({
  type: 'conversation.item.create',
  item: { ...(id ? { id } : {}), type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});

const textSession = (extra: Record<string, unknown> = {}) => ({
  type: 'session.update',
  session: { type: 'realtime', output_modalities: ['text'], ...extra },
});

function deltasOf(events: WireEvent[], type: string, from = 0): string[] {
  return events
    .slice(from)
    .filter((event) => event.type === type)
    .map((event) => event.delta as string);
}

describe.each(ADAPTERS)('conformance: $name', (adapter: ClientAdapter) => {
  let fast: LocalRealtimeServer;
  let paced: LocalRealtimeServer;
  let ca: string | undefined;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    const tls = adapter.needsTls ? selfSignedCertificate() : undefined;
    ca = tls?.cert;
    const common = { brain: conformanceBrain(), ...(tls ? { tls } : {}) };
    fast = await startLocalRealtime({ ...common, audio: { pace: 'fast', voice: 'tone' } });
    paced = await startLocalRealtime({ ...common, audio: { pace: 'realtime', voice: 'tone' } });
  });

  // Every event of every flow must be a valid GA server event by @switchboard/core's schemas.
  const validated = new Map<TestClient, number>();
  afterEach(() => {
    for (const client of clients) {
      const from = validated.get(client) ?? 0;
      for (const event of client.log.events.slice(from)) {
        const parsed = parseServerEvent(event);
        if (!parsed.ok) throw parsed.error;
        expect(parsed.event.type, `unknown event ${event.type}`).not.toBe('unknown');
        expect(parsed.warnings, `${event.type} is off-schema in a carried field`).toEqual([]);
      }
      validated.set(client, client.log.events.length);
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all([fast.close(), paced.close()]);
  });

  async function open(server: LocalRealtimeServer, session?: Record<string, unknown>): Promise<TestClient> {
    const client = await adapter.connect(server, { ca });
    clients.push(client);
    await client.log.next('session.created');
    if (session) {
      client.send(session);
      await client.log.next('session.updated');
    }
    return client;
  }

  it('starts with session.created carrying the GA session', async () => {
    const client = await adapter.connect(fast, { ca, model: 'gpt-realtime-mini' });
    clients.push(client);
    const created = await client.log.next('session.created');
    expect(created.event_id).toMatch(/^event_/);
    expect(created.session).toMatchObject({
      type: 'realtime',
      object: 'realtime.session',
      model: 'gpt-realtime-mini',
      output_modalities: ['audio'],
      audio: {
        input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: { type: 'server_vad' } },
        output: { voice: 'marin' },
      },
    });
  });

  it('text turn: item added/done, then the response events in order', async () => {
    const client = await open(fast, textSession());
    const start = client.log.mark();
    client.send(userText('hello'));
    client.send({ type: 'response.create' });
    await client.log.next('rate_limits.updated');
    expect(client.log.typesSince(start)).toEqual([
      'conversation.item.added',
      'conversation.item.done',
      'response.created',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      'response.output_text.delta*',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
      'rate_limits.updated',
    ]);
    const events = client.log.events.slice(start);
    const created = events.find((event) => event.type === 'response.created') as WireEvent;
    const done = events.find((event) => event.type === 'response.done') as WireEvent;
    const textDone = events.find((event) => event.type === 'response.output_text.done') as WireEvent;
    const responseId = (created.response as { id: string }).id;
    expect((created.response as Record<string, unknown>).status).toBe('in_progress');
    for (const event of events.filter(
      (e) => e.type.startsWith('response.') && e.type !== 'response.created' && e.type !== 'response.done',
    )) {
      expect(event.response_id).toBe(responseId);
    }
    expect(deltasOf(events, 'response.output_text.delta').join('')).toBe(
      'Hello there, how can I help you today?',
    );
    expect(textDone.text).toBe('Hello there, how can I help you today?');
    expect(done.response).toMatchObject({
      id: responseId,
      object: 'realtime.response',
      status: 'completed',
      output_modalities: ['text'],
      output: [
        {
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: textDone.text }],
        },
      ],
    });
    const usage = (done.response as { usage: { total_tokens: number; output_tokens: number } }).usage;
    expect(usage.output_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBeGreaterThan(usage.output_tokens);
  });

  it('audio turn with server VAD: speech_started, speech_stopped, committed, then an audio response', async () => {
    const client = await open(fast, {
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: {
          input: { turn_detection: { type: 'server_vad', silence_duration_ms: 400, prefix_padding_ms: 200 } },
        },
      },
    });
    const start = client.log.mark();
    for (const chunk of base64Chunks(speechTurn(300, 600, 900)))
      client.send({ type: 'input_audio_buffer.append', audio: chunk });
    await client.log.next('rate_limits.updated');
    const events = client.log.events.slice(start);
    expect(events.map((event) => event.type).filter((type) => !type.endsWith('.delta'))).toEqual([
      'input_audio_buffer.speech_started',
      'input_audio_buffer.speech_stopped',
      'input_audio_buffer.committed',
      'conversation.item.added',
      'conversation.item.done',
      'response.created',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
      'rate_limits.updated',
    ]);
    const [started, stopped, committed, added] = events as [WireEvent, WireEvent, WireEvent, WireEvent];
    expect(started.audio_start_ms).toBeGreaterThanOrEqual(80);
    expect(started.audio_start_ms).toBeLessThanOrEqual(140);
    expect(stopped.audio_end_ms).toBeGreaterThanOrEqual(1280);
    expect(stopped.audio_end_ms).toBeLessThanOrEqual(1360);
    expect(committed.item_id).toBe(started.item_id);
    expect(stopped.item_id).toBe(started.item_id);
    expect(added.item).toMatchObject({
      id: started.item_id,
      role: 'user',
      content: [{ type: 'input_audio', transcript: null }],
    });
    expect((added.item as { content: Record<string, unknown>[] }).content[0]).not.toHaveProperty('audio');

    const audio = deltasOf(events, 'response.output_audio.delta');
    const transcript = deltasOf(events, 'response.output_audio_transcript.delta').join('');
    expect(transcript).toBe('I am listening.');
    expect(events.find((event) => event.type === 'response.output_audio_transcript.done')?.transcript).toBe(
      transcript,
    );
    expect(sampleCount(audio) / 24_000).toBeGreaterThan(0.5);
    const firstAudio = events.findIndex((event) => event.type === 'response.output_audio.delta');
    const firstWord = events.findIndex((event) => event.type === 'response.output_audio_transcript.delta');
    expect(firstWord).toBeLessThan(firstAudio);
    const done = events.find((event) => event.type === 'response.done') as WireEvent;
    expect(done.response).toMatchObject({
      status: 'completed',
      output: [{ content: [{ type: 'output_audio', transcript: 'I am listening.' }] }],
    });
  });

  it('function call: arguments stream, the call is in response.done, its output gets one answer', async () => {
    const client = await open(fast, textSession({ tools: [LOOKUP_INVOICE] }));
    const start = client.log.mark();
    client.send(userText('Please check invoice INV-1001'));
    client.send({ type: 'response.create' });
    const done = await client.log.next('response.done');
    await client.log.next('rate_limits.updated');
    expect(client.log.typesSince(start).slice(2)).toEqual([
      'response.created',
      'response.output_item.added',
      'conversation.item.added',
      'response.function_call_arguments.delta*',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
      'rate_limits.updated',
    ]);
    const argsDone = client.log.ofType('response.function_call_arguments.done', start)[0] as WireEvent;
    const call = (done.response as { output: Record<string, unknown>[] }).output[0] as Record<
      string,
      unknown
    >;
    expect(call).toMatchObject({ type: 'function_call', name: 'lookup_invoice', status: 'completed' });
    expect(JSON.parse(call.arguments as string)).toEqual({ invoice_id: 'INV-1001' });
    expect(argsDone).toMatchObject({
      name: 'lookup_invoice',
      call_id: call.call_id,
      arguments: call.arguments,
      item_id: call.id,
    });
    expect(deltasOf(client.log.events, 'response.function_call_arguments.delta', start).join('')).toBe(
      call.arguments,
    );

    const next = client.log.mark();
    client.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: call.call_id, output: '{"status":"paid"}' },
    });
    client.send({ type: 'response.create' });
    const answer = await client.log.next('response.done');
    expect(client.log.typesSince(next).slice(0, 3)).toEqual([
      'conversation.item.added',
      'conversation.item.done',
      'response.created',
    ]);
    expect(answer.response).toMatchObject({ output: [{ content: [{ text: 'The invoice is paid.' }] }] });
  });

  it('interruption: speech cancels the active response (turn_detected); truncate keeps what was heard', async () => {
    const client = await open(paced, {
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: {
          input: { turn_detection: { type: 'server_vad', silence_duration_ms: 300, create_response: false } },
        },
      },
    });
    client.send(userText('tell me a long story'));
    client.send({ type: 'response.create' });
    const firstAudio = await client.log.next('response.output_audio.delta');
    const start = client.log.mark();
    for (const chunk of base64Chunks(speechTurn(100, 400, 400)))
      client.send({ type: 'input_audio_buffer.append', audio: chunk });
    const done = await client.log.next('response.done');
    const types = client.log.typesSince(start, false).filter((type) => !type.endsWith('.delta'));
    expect(types.slice(0, types.indexOf('response.done') + 1)).toEqual([
      'input_audio_buffer.speech_started',
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);
    expect(done.response).toMatchObject({
      status: 'cancelled',
      status_details: { type: 'cancelled', reason: 'turn_detected' },
      output: [{ status: 'incomplete' }],
    });
    const fullTranscript = client.log.ofType('response.output_audio_transcript.done', start)[0]
      ?.transcript as string;

    client.send({
      type: 'conversation.item.truncate',
      item_id: firstAudio.item_id,
      content_index: 0,
      audio_end_ms: 50,
    });
    const truncated = await client.log.next('conversation.item.truncated');
    expect(truncated).toMatchObject({ item_id: firstAudio.item_id, content_index: 0, audio_end_ms: 50 });
    client.send({ type: 'conversation.item.retrieve', item_id: firstAudio.item_id });
    const retrieved = await client.log.next('conversation.item.retrieved');
    const part = (retrieved.item as { content: { audio: string; transcript: string }[] }).content[0];
    expect(Buffer.from(part?.audio ?? '', 'base64').length).toBe(2400);
    expect((part?.transcript ?? '').length).toBeLessThan(fullTranscript.length);
  });

  it('out-of-band response: conversation none, custom input, metadata; nothing joins the conversation', async () => {
    const client = await open(fast, textSession());
    client.send(userText('hello', 'item_oob_user'));
    await client.log.next('conversation.item.done');
    const start = client.log.mark();
    client.send({
      type: 'response.create',
      response: {
        conversation: 'none',
        metadata: { purpose: 'summary' },
        input: [{ type: 'item_reference', id: 'item_oob_user' }, userText('hello again').item],
      },
    });
    const done = await client.log.next('response.done');
    await client.log.next('rate_limits.updated');
    expect(client.log.typesSince(start)).toEqual([
      'response.created',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta*',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.done',
      'rate_limits.updated',
    ]);
    expect(done.response).toMatchObject({
      status: 'completed',
      conversation_id: null,
      metadata: { purpose: 'summary' },
    });
    const outputId = (done.response as { output: { id: string }[] }).output[0]?.id;
    client.send({ type: 'conversation.item.retrieve', event_id: 'evt_oob', item_id: outputId });
    const error = await client.log.next('error');
    expect(error.error).toMatchObject({ code: 'item_retrieve_invalid_item_id', event_id: 'evt_oob' });
  });

  it('errors: a second response while one is active, cancel, cancel again; the session goes on', async () => {
    const client = await open(paced, textSession());
    client.send(userText('a long story please'));
    client.send({ type: 'response.create' });
    const created = await client.log.next('response.created');
    client.send({ type: 'response.create', event_id: 'evt_second' });
    const busy = await client.log.next('error');
    expect(busy.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'conversation_already_has_active_response',
      event_id: 'evt_second',
    });
    expect((busy.error as { message: string }).message).toContain((created.response as { id: string }).id);
    client.send({ type: 'response.cancel' });
    const cancelled = await client.log.next('response.done');
    expect(cancelled.response).toMatchObject({
      status: 'cancelled',
      status_details: { reason: 'client_cancelled' },
    });
    client.send({ type: 'response.cancel', event_id: 'evt_cancel' });
    const none = await client.log.next('error');
    expect(none.error).toMatchObject({ code: 'response_cancel_not_active', event_id: 'evt_cancel' });
    client.send(userText('hello'));
    client.send({ type: 'response.create' });
    const after = await client.log.next('response.done');
    expect(after.response).toMatchObject({ status: 'completed' });
  });
});
