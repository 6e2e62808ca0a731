import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserPeer, peers } from '../../../packages/local-realtime/test/helpers/browser-peer.js';
import { openUdpSockets } from '../../../packages/local-realtime/test/helpers/udp.js';
import { mib, recordFigure, scale } from '../src/figures.js';
import { KEY, useTarget } from '../src/target.js';

/*
 * Issue 10, point 6: WebRTC calls. The codec no longer runs out at ~40 calls; the server takes its
 * documented 200 (maxCalls) and answers the next with a clean 503; junk offers and failed calls
 * leave no UDP socket behind; a call made last still talks.
 */

const target = useTarget();
let offer: string;

beforeAll(async () => {
  offer = (await browserPeer()).offer;
});

afterAll(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

const calls = async () => (await target.local.request<{ calls: number }>('stats')).calls;
const memory = () => target.local.request<NodeJS.MemoryUsage>('memory');

async function post(sdp: string) {
  const response = await fetch(`${target.local.info.httpUrl}/realtime/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/sdp', authorization: `Bearer ${KEY}` },
    body: sdp,
  });
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}

async function hangUp(location: string): Promise<number> {
  const response = await fetch(`${target.local.info.httpUrl}${location.replace(/^\/v1/, '')}/hangup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}` },
  });
  await response.body?.cancel();
  return response.status;
}

describe('WebRTC calls', () => {
  it('takes 200 concurrent calls, answers the 201st with 503, and the last call made still talks', async () => {
    const udpBefore = openUdpSockets(target.local.pid);
    const heapBefore = (await memory()).heapUsed;
    const locations: string[] = [];
    const started = performance.now();
    for (let i = 0; i < 199; i++) {
      const answer = await post(offer);
      expect(answer.status).toBe(201);
      locations.push(answer.location as string);
    }
    const answerMs = (performance.now() - started) / 199;
    const last = await browserPeer();
    const answer = await post(last.offer);
    expect(answer.status).toBe(201);
    locations.push(answer.location as string);
    await last.answer(answer.text);
    expect(await calls()).toBe(200);
    const refused = await post(offer);
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.text).error.code).toBe('too_many_calls');

    last.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
    last.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'over the data channel' }],
      },
    });
    last.send({ type: 'response.create' });
    const done = await last.next('response.done');
    expect(JSON.stringify(done)).toContain('Echo: over the data channel');
    const latency = await target.canary.turn();
    const heapHeld = (await memory()).heapUsed;
    const udpHeld = openUdpSockets(target.local.pid);

    for (const location of locations) expect(await hangUp(location)).toBe(200);
    await expect.poll(calls).toBe(0);
    await expect.poll(() => openUdpSockets(target.local.pid), { timeout: 10_000 }).toBe(udpBefore);
    expect(target.local.alive()).toBe(true);
    recordFigure('WebRTC calls', 'concurrent calls held (maxCalls)', 200);
    recordFigure('WebRTC calls', 'the 201st offer', `HTTP ${refused.status} too_many_calls`);
    recordFigure('WebRTC calls', 'answer time per offer', answerMs, 'ms');
    recordFigure('WebRTC calls', 'heap per call', (heapHeld - heapBefore) / 200 / 1024, 'KiB');
    recordFigure(
      'WebRTC calls',
      'UDP sockets: before → with 200 calls → after hang-up',
      `${udpBefore} → ${udpHeld} → ${openUdpSockets(target.local.pid)}`,
    );
    recordFigure(
      'WebRTC calls',
      `canary WebSocket turn with 200 calls up (baseline ${target.baseline.toFixed(1)} ms)`,
      latency,
      'ms',
    );
  });

  it('junk offers create no call and leave no socket behind', async () => {
    const spoilers = [
      (sdp: string) => sdp.replace(/^a=fingerprint:.*\r?\n/gm, ''),
      (sdp: string) => sdp.replace(/^a=ice-(?:ufrag|pwd):.*\r?\n/gm, ''),
      (sdp: string) => sdp.replace(/opus\/48000/gi, 'PCMU/8000'),
      (sdp: string) => sdp.replace(/^a=sctp-port:.*\r?\n/gm, ''),
      (sdp: string) => sdp.split(/^(?=m=application)/m)[0] as string,
      (sdp: string) => sdp.slice(0, sdp.length / 2),
      () => 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n',
      () => 'not sdp at all',
    ];
    const udpBefore = openUdpSockets(target.local.pid);
    const heapBefore = (await memory()).heapUsed;
    const count = scale(200, 4000);
    const statuses = new Map<number, number>();
    for (let i = 0; i < count; i += 20) {
      const batch = Array.from({ length: 20 }, (_, j) =>
        post((spoilers[(i + j) % spoilers.length] as (s: string) => string)(offer)),
      );
      for (const { status } of await Promise.all(batch))
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect([...statuses.keys()]).toEqual([400]);
    expect(await calls()).toBe(0);
    expect(openUdpSockets(target.local.pid)).toBe(udpBefore);
    const heapAfter = (await memory()).heapUsed;
    recordFigure('junk offers', 'offers that negotiate nothing, each refused with 400', count);
    recordFigure(
      'junk offers',
      'calls created / UDP sockets left',
      `${await calls()} / ${openUdpSockets(target.local.pid) - udpBefore}`,
    );
    recordFigure(
      'junk offers',
      'heap before → after',
      `${mib(heapBefore).toFixed(1)} → ${mib(heapAfter).toFixed(1)} MiB`,
    );
  });
});
