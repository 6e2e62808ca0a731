import { betaDialect, parseServerEvent } from '@switchboard/core/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRealtimeServer, startLocalRealtime } from '../src/index.js';
import { base64Chunks, speechTurn } from './helpers/audio.js';
import { conformanceBrain, LOOKUP_INVOICE } from './helpers/brains.js';
import { connectWs, type TestClient } from './helpers/clients.js';

/** The beta dialect (`OpenAI-Beta: realtime=v1`): beta names and shapes on the wire, same behaviour. */

let server: LocalRealtimeServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startLocalRealtime({ brain: conformanceBrain(), audio: { pace: 'fast', voice: 'tone' } });
});

// What a beta client receives maps back to valid canonical events (as Switchboard's transports read it).
const validated = new Map<TestClient, number>();
afterEach(() => {
  for (const client of clients) {
    for (const event of client.log.events.slice(validated.get(client) ?? 0)) {
      const parsed = parseServerEvent(betaDialect.serverEventToCanonical(event));
      if (!parsed.ok) throw parsed.error;
      expect(parsed.event.type).not.toBe('unknown');
      expect(parsed.warnings).toEqual([]);
    }
    validated.set(client, client.log.events.length);
  }
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.close();
});

async function openBeta(how: 'header' | 'subprotocol' = 'header'): Promise<TestClient> {
  const url = `${server.url}?model=gpt-4o-realtime-preview`;
  const client =
    how === 'header'
      ? await connectWs(url, { headers: { Authorization: 'Bearer sk-test', 'OpenAI-Beta': 'realtime=v1' } })
      : await connectWs(url, {
          protocols: ['realtime', 'openai-insecure-api-key.sk-test', 'openai-beta.realtime-v1'],
        });
  clients.push(client);
  return client;
}

const userText = (text: string) => ({
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});

describe('beta dialect', () => {
  it('session.created has the flat beta session', async () => {
    const client = await openBeta();
    const created = await client.log.next('session.created');
    const session = created.session as Record<string, unknown>;
    expect(session).toMatchObject({
      object: 'realtime.session',
      model: 'gpt-4o-realtime-preview',
      modalities: ['text', 'audio'],
      voice: 'marin',
      input_audio_format: 'pcm16',
      output_audio_format: 'pcm16',
      turn_detection: { type: 'server_vad', threshold: 0.5 },
      max_response_output_tokens: 'inf',
    });
    expect(session).not.toHaveProperty('type');
    expect(session).not.toHaveProperty('output_modalities');
    expect(session).not.toHaveProperty('audio');
  });

  it('the browser subprotocol opts into beta too, and the server answers with `realtime`', async () => {
    const client = (await openBeta('subprotocol')) as TestClient & { socket: import('ws').WebSocket };
    expect(client.socket.protocol).toBe('realtime');
    expect((await client.log.next('session.created')).session).toHaveProperty('modalities');
  });

  it('text turn with beta names: conversation.item.created, response.text.*, no conversation.item.done', async () => {
    const client = await openBeta();
    await client.log.next('session.created');
    client.send({ type: 'session.update', session: { modalities: ['text'], instructions: 'Be brief.' } });
    const updated = await client.log.next('session.updated');
    expect(updated.session).toMatchObject({ modalities: ['text'], instructions: 'Be brief.' });
    const start = client.log.mark();
    client.send(userText('hello'));
    client.send({ type: 'response.create' });
    const done = await client.log.next('response.done');
    await client.log.next('rate_limits.updated');
    expect(client.log.typesSince(start)).toEqual([
      'conversation.item.created',
      'response.created',
      'response.output_item.added',
      'conversation.item.created',
      'response.content_part.added',
      'response.text.delta*',
      'response.text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.done',
      'rate_limits.updated',
    ]);
    expect(done.response).toMatchObject({
      modalities: ['text'],
      output: [
        { type: 'message', content: [{ type: 'text', text: 'Hello there, how can I help you today?' }] },
      ],
    });
  });

  it('audio turn with beta names: response.audio.delta and response.audio_transcript.delta', async () => {
    const client = await openBeta();
    await client.log.next('session.created');
    client.send({
      type: 'session.update',
      session: { turn_detection: { type: 'server_vad', silence_duration_ms: 300 } },
    });
    await client.log.next('session.updated');
    const start = client.log.mark();
    for (const chunk of base64Chunks(speechTurn()))
      client.send({ type: 'input_audio_buffer.append', audio: chunk });
    await client.log.next('response.done');
    const types = new Set(client.log.typesSince(start, false));
    for (const type of [
      'input_audio_buffer.speech_started',
      'input_audio_buffer.committed',
      'response.audio.delta',
      'response.audio_transcript.delta',
      'response.audio.done',
      'response.audio_transcript.done',
    ]) {
      expect(types.has(type)).toBe(true);
    }
    expect([...types].filter((type) => /^response\.output_(audio|text)/.test(type))).toEqual([]);
  });

  it('beta client items (assistant `text` parts) and function calls work', async () => {
    const client = await openBeta();
    await client.log.next('session.created');
    client.send({ type: 'session.update', session: { modalities: ['text'], tools: [LOOKUP_INVOICE] } });
    await client.log.next('session.updated');
    client.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Earlier answer.' }] },
    });
    const created = await client.log.next('conversation.item.created');
    expect(created.item).toMatchObject({
      role: 'assistant',
      content: [{ type: 'text', text: 'Earlier answer.' }],
    });
    client.send(userText('What about invoice INV-7?'));
    client.send({ type: 'response.create' });
    const done = await client.log.next('response.done');
    expect(done.response).toMatchObject({ output: [{ type: 'function_call', name: 'lookup_invoice' }] });
  });
});
