import { readFileSync } from 'node:fs';
import { betaDialect, parseServerEvent } from '@switchboard/core/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRealtimeServer, startLocalRealtime } from '../src/index.js';
import { base64Chunks, speechTurn } from './helpers/audio.js';
import { conformanceBrain } from './helpers/brains.js';
import { connectWs, type TestClient } from './helpers/clients.js';
import type { WireEvent } from './helpers/event-log.js';

/**
 * The local server sends the shapes the real API sends where they differ from the SDK's types: the
 * recorded real traffic of @switchboard/core's test fixtures is the reference (shared/protocol/recorded).
 */

function recorded(file: string): WireEvent[] {
  const url = new URL(`../../core/test/fixtures/recorded/${file}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(1)
    .map((line) => JSON.parse(line) as WireEvent);
}

/** A real GA SIP session (gpt-realtime, 2025-12): server VAD, audio out, input transcription off. */
const GA = recorded('bravedigger-sip-gateway-ga.jsonl');
/** A real beta WebRTC session (2025-05) with whisper-1 input transcription. */
const BETA = recorded('banyan-webrtc-log2-beta.jsonl');

const keys = (value: unknown) => Object.keys((value ?? {}) as object).sort();
const at = (value: unknown, path: string) =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);

let server: LocalRealtimeServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startLocalRealtime({
    brain: conformanceBrain(),
    audio: { pace: 'fast', voice: 'tone', transcribe: () => 'Hello there' },
  });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.close();
});

async function open(beta = false): Promise<TestClient> {
  const headers: Record<string, string> = beta ? { 'OpenAI-Beta': 'realtime=v1' } : {};
  const client = await connectWs(`${server.url}?model=${beta ? 'gpt-4o-realtime-preview' : 'gpt-realtime'}`, {
    headers,
  });
  clients.push(client);
  await client.log.next('session.created');
  return client;
}

describe('local-realtime against recorded real traffic', () => {
  it('a GA audio turn has the fields of every event of the recorded GA session', async () => {
    const client = await open();
    client.send({
      type: 'session.update',
      session: { type: 'realtime', instructions: 'You are a polite AI assistant on a phone call.' },
    });
    await client.log.next('session.updated');
    for (const chunk of base64Chunks(speechTurn()))
      client.send({ type: 'input_audio_buffer.append', audio: chunk });
    await client.log.next('response.done');
    await client.log.next('rate_limits.updated');

    const compared: string[] = [];
    for (const type of new Set(GA.map((event) => event.type))) {
      const real = GA.find((event) => event.type === type);
      const local = client.log.events.find((event) => event.type === type);
      expect(local, `local-realtime sent no ${type}`).toBeDefined();
      const shape = (event: unknown) => ({
        type,
        event: keys(event),
        response: keys(at(event, 'response')),
        session: keys(at(event, 'session')),
        input: keys(at(event, 'session.audio.input')),
        output: keys(at(event, 'session.audio.output')),
        part: keys(at(event, 'part')),
      });
      expect(shape(local)).toEqual(shape(real));
      compared.push(type);
    }
    expect(compared).toContain('response.output_audio_transcript.delta');
    expect(compared).toContain('response.output_item.done');
  });

  it('pads transcript deltas with `obfuscation`, as the API does (the SDK types do not declare it)', async () => {
    const client = await open();
    client.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { transcription: { model: 'whisper-1' } } } },
    });
    await client.log.next('session.updated');
    for (const chunk of base64Chunks(speechTurn()))
      client.send({ type: 'input_audio_buffer.append', audio: chunk });
    await client.log.next('response.done');
    const deltas = client.log.events.filter((event) =>
      [
        'response.output_audio_transcript.delta',
        'conversation.item.input_audio_transcription.delta',
      ].includes(event.type),
    );
    expect(new Set(deltas.map((event) => event.type)).size).toBe(2);
    for (const event of deltas) {
      expect(event.obfuscation).toMatch(/^[A-Za-z0-9]+$/);
      expect((String(event.delta) + String(event.obfuscation)).length % 16).toBe(0);
      // The parser takes the extra field on its fast path: clean, no warning.
      expect(parseServerEvent(event)).toMatchObject({ ok: true, warnings: [] });
    }
    // As in the recording: "The" + 13 characters.
    const real = GA.find((event) => event.type === 'response.output_audio_transcript.delta');
    expect((String(real?.delta) + String(real?.obfuscation)).length).toBe(16);
  });

  it('reports transcription settings with the null language and prompt the API fills in (GA)', async () => {
    const client = await open();
    client.send({
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { transcription: { model: 'whisper-1' } } } },
    });
    const updated = await client.log.next('session.updated');
    expect(at(updated, 'session.audio.input.transcription')).toEqual({
      model: 'whisper-1',
      language: null,
      prompt: null,
    });
    // The SDK types allow only strings there: the parser's tolerance takes it, without a warning.
    expect(parseServerEvent(updated)).toMatchObject({ ok: true, warnings: [] });
  });

  it('echoes a beta input_audio_transcription exactly as the recorded beta session.updated does', async () => {
    const real = BETA.find((event) => event.type === 'session.updated');
    const setting = at(real, 'session.input_audio_transcription') as Record<string, unknown>;
    expect(setting).toEqual({ model: 'whisper-1', language: 'en', prompt: null });
    const client = await open(true);
    client.send({
      type: 'session.update',
      session: { input_audio_transcription: { model: 'whisper-1', language: 'en' } },
    });
    const updated = await client.log.next('session.updated');
    expect(at(updated, 'session.input_audio_transcription')).toEqual(setting);
    const parsed = parseServerEvent(betaDialect.serverEventToCanonical(updated));
    expect(parsed).toMatchObject({ ok: true, warnings: [] });
  });
});
