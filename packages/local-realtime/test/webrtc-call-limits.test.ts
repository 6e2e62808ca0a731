import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalRealtimeServer, startLocalRealtime } from '../src/index.js';
import { requestTarget } from '../src/server/request-target.js';
import { SecretStore } from '../src/server/secret-store.js';
import { WebRtcCalls } from '../src/webrtc/calls-http.js';
import { browserPeer, peers, postOffer } from './helpers/browser-peer.js';
import { openUdpSockets } from './helpers/udp.js';

/*
 * WebRTC calls under load and on failure paths (issue 10, point 6): no codec limit at ~40 calls, no
 * UDP socket left behind by a call that failed, junk offers refused before anything is allocated,
 * and a clean 503 beyond the documented cap.
 */

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(options: Parameters<typeof startLocalRealtime>[0] = {}): Promise<LocalRealtimeServer> {
  const started = await startLocalRealtime({ audio: { pace: 'fast', voice: 'tone' }, ...options });
  cleanups.push(() => started.close());
  return started;
}

/** UDP sockets open in this process (the test's peers and the server's). */
const udpSockets = () => openUdpSockets();

const offerTo = (url: string, offer: string) => postOffer(url, offer, { 'content-type': 'application/sdp' });

describe('WebRTC calls at scale', () => {
  it('answers 60 concurrent calls: the codecs no longer run out at ~40', async () => {
    const local = await server();
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const browser = await browserPeer();
      statuses.push((await offerTo(`${local.httpUrl}/realtime/calls`, browser.offer)).status);
    }
    expect(statuses.filter((status) => status !== 201)).toEqual([]);
    expect(local.calls).toBe(60);
  }, 60_000);

  it('beyond maxCalls an offer gets 503 too_many_calls; hanging one up frees its slot', async () => {
    const local = await server({ maxCalls: 2 });
    const url = `${local.httpUrl}/realtime/calls`;
    const first = await offerTo(url, (await browserPeer()).offer);
    await offerTo(url, (await browserPeer()).offer);
    const refused = await offerTo(url, (await browserPeer()).offer);
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.text).error).toMatchObject({ code: 'too_many_calls', type: 'server_error' });
    await fetch(`${local.httpUrl}${first.location?.replace('/v1', '')}/hangup`, { method: 'POST' });
    expect((await offerTo(url, (await browserPeer()).offer)).status).toBe(201);
  });
});

describe('offers that negotiate nothing', () => {
  it.each([
    ['no DTLS fingerprint', (sdp: string) => sdp.replace(/^a=fingerprint:.*\r?\n/gm, '')],
    ['no ICE credentials', (sdp: string) => sdp.replace(/^a=ice-(?:ufrag|pwd):.*\r?\n/gm, '')],
    ['no Opus', (sdp: string) => sdp.replace(/opus\/48000/gi, 'PCMU/8000')],
    ['no SCTP port on the data channel', (sdp: string) => sdp.replace(/^a=sctp-port:.*\r?\n/gm, '')],
    ['an audio m-line only', (sdp: string) => sdp.split(/^(?=m=application)/m)[0] as string],
  ])('%s: refused with 400 before any peer or socket exists', async (_name, spoil) => {
    const local = await server();
    const browser = await browserPeer();
    const sockets = udpSockets();
    const answer = await offerTo(`${local.httpUrl}/realtime/calls`, spoil(browser.offer));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error).toMatchObject({ code: 'invalid_offer', param: 'sdp' });
    expect(local.calls).toBe(0);
    expect(udpSockets()).toBe(sockets);
  });
});

describe('failure after the peer was answered', () => {
  it('releases the peer and its UDP sockets when the call cannot be set up', async () => {
    const calls = new WebRtcCalls({
      secrets: new SecretStore(),
      requireAuth: undefined,
      defaults: { model: 'gpt-realtime', betaModel: 'gpt-4o-realtime-preview' },
      createSession: () => {
        throw new Error('no session for this call');
      },
    });
    const http = createServer((request, response) => {
      const url = requestTarget(request) as URL;
      void calls.handle(request, response, url);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => http.close(resolve)));
    const browser = await browserPeer();
    const sockets = udpSockets();
    const port = (http.address() as AddressInfo).port;
    const answer = await offerTo(`http://127.0.0.1:${port}/v1/realtime/calls`, browser.offer);
    expect(answer.status).toBe(500);
    expect(calls.size).toBe(0);
    await expect.poll(udpSockets, { timeout: 5000 }).toBe(sockets);
  });
});
