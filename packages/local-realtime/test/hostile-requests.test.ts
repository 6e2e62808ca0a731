import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRealtimeServer, scriptedBrain, startLocalRealtime } from '../src/index.js';
import { connectWs, type TestClient } from './helpers/clients.js';
import { rawRequest } from './helpers/http.js';

/*
 * Requests that used to end the process before any auth (issue 10, points 1 and 7), sent with
 * real sockets on loopback. After each, a canary session opened before the attack must still
 * complete a turn, and the server must still take new connections.
 */

let server: LocalRealtimeServer;
let canary: TestClient;

beforeAll(async () => {
  server = await startLocalRealtime({
    brain: scriptedBrain({ rules: [], fallback: (c) => [{ type: 'message', text: `Echo: ${c.userText}` }] }),
    audio: { pace: 'fast', voice: 'tone' },
    requireAuth: 'sk-right',
  });
  canary = await connectWs(`${server.url}?model=gpt-realtime`, {
    headers: { Authorization: 'Bearer sk-right' },
  });
  await canary.log.next('session.created');
  canary.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
});

afterAll(async () => {
  await canary.close();
  await server.close();
});

let turns = 0;
/** The canary completes a text turn, and a new connection is still accepted. */
async function stillServing(): Promise<void> {
  turns += 1;
  canary.log.mark();
  canary.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `ping ${turns}` }] },
  });
  canary.send({ type: 'response.create' });
  const done = await canary.log.next('response.done');
  expect(JSON.stringify(done)).toContain(`Echo: ping ${turns}`);
  expect((await rawRequest(server.port, { path: '/healthz' })).status).toBe(200);
}

describe('malformed request targets get an answer, not a crash', () => {
  it('a hang-up whose call id is bad percent-encoding gets 400', async () => {
    const answer = await rawRequest(server.port, {
      method: 'POST',
      path: '/v1/realtime/calls/%E0%A4%A/hangup',
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.type).toBe('invalid_request_error');
    await stillServing();
  });

  it('GET //[ (read as a URL, an authority that does not parse) is a path, and gets 404', async () => {
    const answer = await rawRequest(server.port, { path: '//[' });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body).error.message).toBe('Invalid URL (GET //[)');
    await stillServing();
  });

  it('a WebSocket upgrade to //[/v1/realtime gets 404', async () => {
    const answer = await rawRequest(server.port, { path: '//[/v1/realtime', upgrade: true });
    expect(answer.status).toBe(404);
    await stillServing();
  });

  it.each(['*', 'http://[/v1/realtime'])('a target that is no URL at all (%s) gets 400', async (path) => {
    expect((await rawRequest(server.port, { path })).status).toBe(400);
    expect((await rawRequest(server.port, { path, upgrade: true })).status).toBe(400);
    await stillServing();
  });
});

describe('oversized bodies', () => {
  it.each([
    ['POST /v1/realtime/client_secrets', '/v1/realtime/client_secrets', 'application/json'],
    ['POST /v1/realtime/calls', '/v1/realtime/calls', 'application/sdp'],
  ])('a 2 MiB body to %s gets the documented 413, not a reset', async (_name, path, type) => {
    const answer = await rawRequest(server.port, {
      method: 'POST',
      path,
      headers: { authorization: 'Bearer sk-right', 'content-type': type },
      body: Buffer.alloc(2 * 1024 * 1024, 0x61),
    });
    expect(answer.error).toBeUndefined();
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toMatch(/too large/);
    await stillServing();
  });
});
