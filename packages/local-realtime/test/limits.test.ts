import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SESSION_LIMITS,
  type LocalRealtimeOptions,
  scriptedBrain,
  startLocalRealtime,
} from '../src/index.js';
import { connectWs, type TestClient } from './helpers/clients.js';

/* Per-session caps (issue 10, points 4 and 5): a refusal is an API-style error, and nothing is lost. */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: LocalRealtimeOptions = {}) {
  const server = await startLocalRealtime({
    brain: scriptedBrain({
      rules: [{ user: 'story', say: `Once upon a time ${'the story went on and on. '.repeat(40)}The end.` }],
      fallback: (c) => [{ type: 'message', text: `Echo: ${c.userText}` }],
    }),
    audio: { pace: 'fast', voice: 'tone' },
    ...options,
  });
  cleanups.push(() => server.close());
  return server;
}

async function open(url: string): Promise<TestClient & { socket: import('ws').WebSocket }> {
  const client = await connectWs(`${url}?model=gpt-realtime`);
  cleanups.push(() => client.close());
  await client.log.next('session.created');
  client.send({
    type: 'session.update',
    session: { type: 'realtime', output_modalities: ['text'], audio: { input: { turn_detection: null } } },
  });
  await client.log.next('session.updated');
  return client;
}

/** A user message the brain answers with a long story. */
const STORY = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'a story' }] };

/** One second of PCM16 at 24 kHz, base64. */
const SECOND = Buffer.alloc(48_000, 7).toString('base64');

describe('input audio buffer', () => {
  it('has a documented default cap of 15 minutes', () => {
    expect(DEFAULT_SESSION_LIMITS.inputAudioBufferMs).toBe(15 * 60_000);
  });

  it('refuses an append beyond the cap with input_audio_buffer_full, and keeps what it holds', async () => {
    const server = await start({ limits: { inputAudioBufferMs: 2000 } });
    const client = await open(server.url);
    for (let i = 0; i < 3; i++)
      client.send({ type: 'input_audio_buffer.append', audio: SECOND, event_id: `a${i}` });
    const error = await client.log.next('error');
    expect(error.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'input_audio_buffer_full',
      param: 'audio',
      event_id: 'a2',
    });
    expect((error.error as { message: string }).message).toMatch(/at most 2 s of audio and has 2 s/);
    client.send({ type: 'input_audio_buffer.commit' });
    const committed = await client.log.next('input_audio_buffer.committed');
    client.send({ type: 'conversation.item.retrieve', item_id: committed.item_id });
    const retrieved = await client.log.next('conversation.item.retrieved');
    const audio = (retrieved.item as { content: { audio: string }[] }).content[0]?.audio ?? '';
    expect(Buffer.from(audio, 'base64').length).toBe(2 * 48_000);
  });
});

describe('responses in progress', () => {
  it('refuses a response.create beyond the cap with too_many_active_responses', async () => {
    const server = await start({
      limits: { activeResponses: 3 },
      audio: { pace: 'realtime', voice: 'tone' },
    });
    const client = await open(server.url);
    for (let i = 0; i < 4; i++) {
      client.send({
        type: 'response.create',
        event_id: `r${i}`,
        response: { conversation: 'none', input: [STORY] },
      });
    }
    const error = await client.log.next('error');
    expect(error.error).toMatchObject({ code: 'too_many_active_responses', event_id: 'r3' });
    expect(client.log.ofType('response.created')).toHaveLength(3);
  });

  it('2,000 out-of-band responses from one socket leave another session’s latency near its baseline', async () => {
    const server = await start();
    const canary = await open(server.url);
    const attacker = await open(server.url);
    const turn = async (label: string) => {
      canary.log.mark();
      const started = performance.now();
      canary.send({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: label }] },
      });
      canary.send({ type: 'response.create' });
      await canary.log.next('response.done', 60_000);
      return performance.now() - started;
    };
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const baseline: number[] = [];
    for (let i = 0; i < 5; i++) baseline.push(await turn(`before ${i}`));
    for (let i = 0; i < 2000; i++) {
      attacker.send({
        type: 'response.create',
        response: { conversation: 'none', input: [STORY], output_modalities: ['audio'] },
      });
    }
    const underAttack: number[] = [];
    for (let i = 0; i < 5; i++) underAttack.push(await turn(`during ${i}`));
    // Generous: a loaded 2-core machine may be slow, but not the 20 s seen without the cap.
    expect(median(underAttack)).toBeLessThan(Math.max(20 * median(baseline), 500));
    expect(attacker.log.ofType('error')[0]?.error).toMatchObject({ code: 'too_many_active_responses' });
    // Cut rather than closed: a close frame would wait behind the flood's unread output.
    attacker.socket.terminate();
  });
});
