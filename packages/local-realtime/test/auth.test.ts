import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type LocalRealtimeServer, startLocalRealtime } from '../src/index.js';
import { authenticate } from '../src/server/auth.js';
import { SecretStore } from '../src/server/secret-store.js';
import { connectWs, type TestClient } from './helpers/clients.js';

/** Authentication, client secrets (GA and beta) and the HTTP endpoints. */

let open: LocalRealtimeServer;
let locked: LocalRealtimeServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  open = await startLocalRealtime({ audio: { pace: 'fast', voice: 'tone' } });
  locked = await startLocalRealtime({
    audio: { pace: 'fast', voice: 'tone' },
    requireAuth: (token) => Promise.resolve(token === 'sk-right'),
  });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all([open.close(), locked.close()]);
});

/** Dials and expects the upgrade to be refused; returns the HTTP status and JSON body. */
function refused(url: string, options: { headers?: Record<string, string>; protocols?: string[] } = {}) {
  return new Promise<{ status: number; body: { error: Record<string, unknown> } }>((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers });
    socket.on('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    socket.on('open', () => reject(new Error('the connection was accepted')));
    socket.on('error', () => {});
  });
}

async function post(server: LocalRealtimeServer, path: string, body: unknown, key?: string) {
  const response = await fetch(`${server.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function connected(url: string, options: Parameters<typeof connectWs>[1]) {
  const client = await connectWs(url, options);
  clients.push(client);
  return client;
}

describe('authentication', () => {
  it('without requireAuth, anything (or nothing) is accepted', async () => {
    const client = await connected(open.url, {});
    expect((await client.log.next('session.created')).session).toMatchObject({ model: 'gpt-realtime' });
  });

  it('with requireAuth: missing or wrong keys get HTTP 401 and an OpenAI-style body', async () => {
    const missing = await refused(`${locked.url}?model=gpt-realtime`);
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ type: 'invalid_request_error', code: null, param: null });
    expect(missing.body.error.message).toContain("You didn't provide an API key");
    const wrong = await refused(`${locked.url}?model=gpt-realtime`, {
      headers: { Authorization: 'Bearer sk-wrong-key-1234' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_api_key' });
    expect(wrong.body.error.message).toContain('1234');
    expect(wrong.body.error.message).not.toContain('sk-wrong-key-1234');
  });

  it('with requireAuth: the right key by header or by browser subprotocol', async () => {
    const byHeader = await connected(`${locked.url}?model=gpt-realtime`, {
      headers: { Authorization: 'Bearer sk-right' },
    });
    await byHeader.log.next('session.created');
    const byProtocol = await connected(`${locked.url}?model=gpt-realtime`, {
      protocols: ['realtime', 'openai-insecure-api-key.sk-right'],
    });
    expect(byProtocol.socket.protocol).toBe('realtime');
    await byProtocol.log.next('session.created');
  });

  it('unknown paths and call ids are 404s', async () => {
    expect((await refused(open.url.replace('/v1/realtime', '/v1/other'))).status).toBe(404);
    const call = await refused(`${open.url}?call_id=rtc_123`);
    expect(call).toMatchObject({ status: 404, body: { error: { param: 'call_id' } } });
  });
});

describe('client secrets (GA)', () => {
  it('mints { value, expires_at, session } and applies the session to a connection using it', async () => {
    const before = Math.floor(Date.now() / 1000);
    const minted = await post(
      locked,
      '/realtime/client_secrets',
      {
        expires_after: { anchor: 'created_at', seconds: 120 },
        session: {
          type: 'realtime',
          instructions: 'You are the billing desk.',
          audio: { output: { voice: 'cedar' } },
        },
      },
      'sk-right',
    );
    expect(minted.status).toBe(200);
    expect(minted.body.value).toMatch(/^ek_/);
    expect(minted.body.expires_at).toBeGreaterThanOrEqual(before + 120);
    expect(minted.body.expires_at).toBeLessThanOrEqual(before + 121);
    expect(minted.body.session).toMatchObject({
      type: 'realtime',
      object: 'realtime.session',
      instructions: 'You are the billing desk.',
      audio: { output: { voice: 'cedar' }, input: { turn_detection: { type: 'server_vad' } } },
    });
    // The secret works where the API key would be required, even as a browser subprotocol.
    const client = await connected(`${locked.url}?model=gpt-realtime`, {
      protocols: ['realtime', `openai-insecure-api-key.${minted.body.value as string}`],
    });
    const created = await client.log.next('session.created');
    expect(created.session).toMatchObject({
      instructions: 'You are the billing desk.',
      audio: { output: { voice: 'cedar' } },
    });
  });

  it('refuses minting without the API key, with a client secret, and with a bad lifetime', async () => {
    expect((await post(locked, '/realtime/client_secrets', {})).status).toBe(401);
    const secret = (await post(locked, '/realtime/client_secrets', {}, 'sk-right')).body.value as string;
    expect((await post(locked, '/realtime/client_secrets', {}, secret)).status).toBe(401);
    const bad = await post(open, '/realtime/client_secrets', { expires_after: { seconds: 5 } });
    expect(bad).toMatchObject({ status: 400, body: { error: { param: 'expires_after.seconds' } } });
    const badSession = await post(open, '/realtime/client_secrets', {
      session: { type: 'realtime', instructions: 7 },
    });
    expect(badSession).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_type', param: 'session.instructions' } },
    });
    expect((await post(open, '/realtime/client_secrets', '{not json')).status).toBe(400);
    expect(await post(open, '/realtime/nothing', {})).toMatchObject({
      status: 404,
      body: { error: { message: 'Invalid URL (POST /v1/realtime/nothing)' } },
    });
  });

  it('works with the official SDK: client.realtime.clientSecrets.create()', async () => {
    const client = new OpenAI({ apiKey: 'sk-right', baseURL: locked.httpUrl });
    const secret = await client.realtime.clientSecrets.create({
      session: { type: 'realtime', instructions: 'From the SDK.' },
    });
    expect(secret.value).toMatch(/^ek_/);
    expect(secret.session).toMatchObject({ instructions: 'From the SDK.' });
  });

  it('an expired secret is refused with 401', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const secrets = new SecretStore(() => now);
    const { value } = secrets.mint({ ttlSeconds: 60, session: {} });
    const credentials = { token: value, beta: false, protocols: [] };
    expect(await authenticate(credentials, secrets, undefined)).toMatchObject({ ok: true });
    now += 61_000;
    const result = await authenticate(credentials, secrets, undefined);
    expect(result).toMatchObject({
      ok: false,
      error: { status: 401, body: { error: { code: 'invalid_api_key' } } },
    });
    if (!result.ok) expect(result.error.body.error.message).toContain('expired at 2030-01-01T00:01:00.000Z');
  });
});

describe('beta sessions endpoint', () => {
  it('POST /v1/realtime/sessions returns the beta session with client_secret { value, expires_at }', async () => {
    const before = Math.floor(Date.now() / 1000);
    const minted = await post(open, '/realtime/sessions', {
      modalities: ['text'],
      voice: 'verse',
      instructions: 'Beta desk.',
      input_audio_format: 'g711_ulaw',
    });
    expect(minted.status).toBe(200);
    expect(minted.body).toMatchObject({
      object: 'realtime.session',
      model: 'gpt-4o-realtime-preview',
      modalities: ['text'],
      voice: 'verse',
      instructions: 'Beta desk.',
      input_audio_format: 'g711_ulaw',
      client_secret: { value: expect.stringMatching(/^ek_/) },
    });
    const expiresAt = (minted.body.client_secret as { expires_at: number }).expires_at;
    expect(expiresAt - before).toBeGreaterThanOrEqual(60);
    expect(expiresAt - before).toBeLessThanOrEqual(61);
    const client = await connected(`${open.url}?model=gpt-4o-realtime-preview`, {
      headers: {
        Authorization: `Bearer ${(minted.body.client_secret as { value: string }).value}`,
        'OpenAI-Beta': 'realtime=v1',
      },
    });
    const created = await client.log.next('session.created');
    expect(created.session).toMatchObject({
      modalities: ['text'],
      voice: 'verse',
      input_audio_format: 'g711_ulaw',
    });
  });
});
