import { afterEach, expect, it } from 'vitest';
import { type LocalRealtimeServer, startLocalRealtime } from '../src/index.js';
import { browserPeer, peers, postOffer } from './helpers/browser-peer.js';
import { rawRequest } from './helpers/http.js';

/*
 * A client secret minted for a call reaches that call only (issue 10, point 14): it cannot attach
 * a `?call_id=` socket to another call, nor hang it up. The server's API key reaches every call.
 */

let local: LocalRealtimeServer | undefined;
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
  await local?.close();
});

async function mint(server: LocalRealtimeServer): Promise<string> {
  const response = await fetch(`${server.httpUrl}/realtime/client_secrets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-server' },
    body: JSON.stringify({ session: { type: 'realtime' } }),
  });
  return ((await response.json()) as { value: string }).value;
}

async function callWith(server: LocalRealtimeServer, secret: string): Promise<string> {
  const browser = await browserPeer();
  const answer = await postOffer(`${server.httpUrl}/realtime/calls`, browser.offer, {
    'content-type': 'application/sdp',
    authorization: `Bearer ${secret}`,
  });
  expect(answer.status).toBe(201);
  return answer.location?.split('/').pop() as string;
}

const attach = (server: LocalRealtimeServer, callId: string, token: string) =>
  rawRequest(server.port, {
    path: `/v1/realtime?call_id=${callId}`,
    headers: { authorization: `Bearer ${token}` },
    upgrade: true,
  });
const hangUp = (server: LocalRealtimeServer, callId: string, token: string) =>
  rawRequest(server.port, {
    method: 'POST',
    path: `/v1/realtime/calls/${callId}/hangup`,
    headers: { authorization: `Bearer ${token}` },
  });

it('a client secret reaches only the call it created; the API key reaches any call', async () => {
  local = await startLocalRealtime({ audio: { pace: 'fast', voice: 'tone' }, requireAuth: 'sk-server' });
  const [mine, theirs] = [await mint(local), await mint(local)];
  const [myCall, theirCall] = [await callWith(local, mine), await callWith(local, theirs)];

  expect((await attach(local, theirCall, mine)).status).toBe(404);
  const refused = await hangUp(local, theirCall, mine);
  expect(refused.status).toBe(404);
  expect(JSON.parse(refused.body).error).toMatchObject({ code: 'call_not_found', param: 'call_id' });
  expect(local.calls).toBe(2);

  expect((await attach(local, myCall, mine)).status).toBe(101);
  expect((await attach(local, theirCall, 'sk-server')).status).toBe(101);
  expect((await hangUp(local, myCall, mine)).status).toBe(200);
  expect((await hangUp(local, theirCall, 'sk-server')).status).toBe(200);
  expect(local.calls).toBe(0);
});
