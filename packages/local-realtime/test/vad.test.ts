import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  concatPcm,
  EnergyVad,
  generateTone,
  type LocalRealtimeServer,
  silence,
  startLocalRealtime,
  thresholdToRms,
} from '../src/index.js';
import { base64Chunks, speechTurn } from './helpers/audio.js';
import { conformanceBrain } from './helpers/brains.js';
import { connectWs, type TestClient } from './helpers/clients.js';

/** Feeds audio in 100 ms chunks, as a microphone would. */
function feed(vad: EnergyVad, samples: Int16Array) {
  const events = [];
  for (let i = 0; i < samples.length; i += 2400) events.push(...vad.push(samples.subarray(i, i + 2400)));
  return events;
}

describe('EnergyVad', () => {
  it('finds one turn in silence, tone, silence, with prefix padding and the silence that ended it', () => {
    const vad = new EnergyVad({ threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 });
    const events = feed(vad, speechTurn(1000, 800, 1000));
    expect(events).toEqual([
      { type: 'speech_started', speechStartMs: 1000, audioStartMs: 700 },
      { type: 'speech_stopped', audioEndMs: 2300 },
    ]);
    expect(vad.inSpeech).toBe(false);
  });

  it('honours silence_duration_ms: a short pause does not end the turn', () => {
    const vad = new EnergyVad({ silence_duration_ms: 500 });
    const tone = generateTone({ durationMs: 400 });
    const events = feed(vad, concatPcm([silence(200), tone, silence(300), tone, silence(700)]));
    expect(events.map((event) => event.type)).toEqual(['speech_started', 'speech_stopped']);
    expect(events[1]).toEqual({ type: 'speech_stopped', audioEndMs: 200 + 400 + 300 + 400 + 500 });
  });

  it('honours threshold: quiet audio is speech at 0.5 but not at 0.9', () => {
    const quiet = concatPcm([silence(200), generateTone({ durationMs: 500, amplitude: 0.05 }), silence(800)]);
    expect(feed(new EnergyVad({ threshold: 0.5 }), quiet)).toHaveLength(2);
    expect(feed(new EnergyVad({ threshold: 0.9 }), quiet)).toHaveLength(0);
    expect(thresholdToRms(0)).toBeCloseTo(0.001, 4);
    expect(thresholdToRms(1)).toBeCloseTo(0.316, 3);
  });

  it('ignores a click shorter than the onset (40 ms)', () => {
    const click = concatPcm([silence(200), generateTone({ durationMs: 40 }), silence(800)]);
    expect(feed(new EnergyVad(), click)).toEqual([]);
  });

  it('keeps time across odd chunk sizes', () => {
    const vad = new EnergyVad({ prefix_padding_ms: 0, silence_duration_ms: 200 });
    const samples = speechTurn(500, 500, 500);
    const events = [];
    for (let i = 0; i < samples.length; i += 777) events.push(...vad.push(samples.subarray(i, i + 777)));
    expect(events).toEqual([
      { type: 'speech_started', speechStartMs: 500, audioStartMs: 500 },
      { type: 'speech_stopped', audioEndMs: 1200 },
    ]);
  });
});

describe('server VAD settings', () => {
  let server: LocalRealtimeServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startLocalRealtime({ brain: conformanceBrain(), audio: { pace: 'fast', voice: 'tone' } });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server.close();
  });

  async function session(turnDetection: unknown): Promise<TestClient> {
    const client = await connectWs(`${server.url}?model=gpt-realtime`, {});
    clients.push(client);
    await client.log.next('session.created');
    client.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { turn_detection: turnDetection } } },
    });
    await client.log.next('session.updated');
    return client;
  }

  function speak(client: TestClient, samples = speechTurn(200, 500, 800)) {
    for (const chunk of base64Chunks(samples))
      client.send({ type: 'input_audio_buffer.append', audio: chunk });
  }

  it('turn detection null: no VAD events, the buffer waits for a manual commit', async () => {
    const client = await session(null);
    const start = client.log.mark();
    speak(client);
    client.send({ type: 'input_audio_buffer.commit' });
    await client.log.next('conversation.item.done');
    expect(client.log.typesSince(start)).toEqual([
      'input_audio_buffer.committed',
      'conversation.item.added',
      'conversation.item.done',
    ]);
  });

  it('create_response false: the turn is committed but nothing answers', async () => {
    const client = await session({ type: 'server_vad', create_response: false, silence_duration_ms: 300 });
    const start = client.log.mark();
    speak(client);
    await client.log.next('conversation.item.done');
    client.send({ type: 'input_audio_buffer.clear' });
    await client.log.next('input_audio_buffer.cleared');
    expect(client.log.typesSince(start)).toEqual([
      'input_audio_buffer.speech_started',
      'input_audio_buffer.speech_stopped',
      'input_audio_buffer.committed',
      'conversation.item.added',
      'conversation.item.done',
      'input_audio_buffer.cleared',
    ]);
  });

  it('interrupt_response false: speech does not cancel the active response', async () => {
    const client = await session({
      type: 'server_vad',
      interrupt_response: false,
      create_response: false,
      silence_duration_ms: 300,
    });
    client.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'a long story' }] },
    });
    client.send({ type: 'response.create' });
    await client.log.next('response.created');
    speak(client);
    const done = await client.log.next('response.done');
    expect(done.response).toMatchObject({ status: 'completed' });
    // The speech really overlapped the response: it started before the response was done.
    const types = client.log.events.map((event) => event.type);
    expect(types.indexOf('input_audio_buffer.speech_started')).toBeGreaterThan(-1);
    expect(types.indexOf('input_audio_buffer.speech_started')).toBeLessThan(types.indexOf('response.done'));
  });

  it('semantic_vad is accepted and splits turns on silence', async () => {
    const client = await session({ type: 'semantic_vad', eagerness: 'high', create_response: false });
    speak(client);
    await client.log.next('input_audio_buffer.committed');
  });
});
