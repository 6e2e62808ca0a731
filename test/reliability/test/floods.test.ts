import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { closeSocket, median, openSocket } from '../src/canary.js';
import { mib, recordFigure, scale } from '../src/figures.js';
import { canaryMedian, KEY, useTarget } from '../src/target.js';

/*
 * Issue 10, points 3–5: slow readers, out-of-band response floods, an uncapped input buffer and
 * retrieve amplification must not grow the server nor hold other sessions up.
 */

const target = useTarget();

const memory = () => target.local.request<NodeJS.MemoryUsage>('memory');
/** local-realtime's pause mark (`PAUSE_OUTPUT_ABOVE_BYTES`, its README's "Limits"): unsent bytes held per connection. */
const PAUSE_MARK_BYTES = 4 * 1024 * 1024;
/** What a connection's unsent output costs: heap plus Buffers outside it. */
const held = (usage: NodeJS.MemoryUsage) => usage.heapUsed + usage.arrayBuffers;

async function attacker(): Promise<WebSocket> {
  const { socket } = await openSocket(String(target.local.info.url), KEY);
  return socket;
}

const send = (socket: WebSocket, event: unknown) => socket.send(JSON.stringify(event));
const story = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'a story please' }] };

describe('slow readers', () => {
  it('clients that stop reading while their responses stream hold a bounded amount of memory', async () => {
    const readers = scale(6, 40);
    const before = await memory();
    const sockets = await Promise.all(Array.from({ length: readers }, attacker));
    try {
      for (const socket of sockets) {
        socket.pause();
        // Audio at fast pace: 40 sentences of speech, several MiB of deltas per response.
        for (let i = 0; i < 21; i++) {
          send(socket, { type: 'response.create', response: { conversation: 'none', input: [story] } });
        }
      }
      // The responses run until each socket is past the pause mark, then wait: memory levels off.
      // Levelled means every reader holds at least most of its pause mark (on a loaded machine the
      // stream can crawl at under 1 MiB per reading before that) and three half-second readings in
      // a row lie within 1 MiB.
      const pausedFloor = readers * PAUSE_MARK_BYTES * 0.75;
      let paused = await memory();
      for (let still = 0; still < 3; ) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const now = await memory();
        const levelled = held(now) - held(before) >= pausedFloor && mib(held(now) - held(paused)) < 1;
        still = levelled ? still + 1 : 0;
        paused = now;
      }
      // Nothing else happens for a while: what they hold must not grow.
      await new Promise((resolve) => setTimeout(resolve, scale(1000, 20_000)));
      const during = await memory();
      const latencies: number[] = [];
      for (let i = 0; i < 21; i++) latencies.push(await target.canary.turn());
      const latency = median(latencies);
      const perReader = (held(during) - held(before)) / readers;
      const growing = held(during) - held(paused);
      // Bounded: the pause mark (4 MiB) plus what each of its 16 responses holds, and not growing.
      expect(mib(perReader)).toBeLessThan(16);
      expect(mib(growing)).toBeLessThan(4);
      expect(latency).toBeLessThan(Math.max(20 * target.baseline, 500));
      recordFigure('slow readers', 'readers that stopped reading, 21 audio responses asked each', readers);
      recordFigure(
        'slow readers',
        'memory held per reader once paused (heap + buffers)',
        mib(perReader),
        'MiB',
      );
      recordFigure(
        'slow readers',
        `growth over ${scale(1, 20)} s once paused (all readers)`,
        mib(growing),
        'MiB',
      );
      recordFigure(
        'slow readers',
        'heap before → paused',
        `${mib(before.heapUsed).toFixed(1)} → ${mib(during.heapUsed).toFixed(1)} MiB`,
      );
      recordFigure(
        'slow readers',
        `canary turn while they wait, median of ${latencies.length} (baseline ${target.baseline.toFixed(1)} ms)`,
        latency,
        'ms',
      );
    } finally {
      for (const socket of sockets) socket.terminate();
    }
    expect(target.local.alive()).toBe(true);
  });

  it('retrieving a large audio item over and over without reading holds the requests, not the heap', async () => {
    const socket = await attacker();
    const audio = Buffer.alloc(4 * 1024 * 1024, 3).toString('base64');
    send(socket, {
      type: 'conversation.item.create',
      item: { id: 'item_big', type: 'message', role: 'user', content: [{ type: 'input_audio', audio }] },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = await memory();
    socket.pause();
    const requests = scale(100, 1000);
    for (let i = 0; i < requests; i++)
      send(socket, { type: 'conversation.item.retrieve', item_id: 'item_big' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const during = await memory();
    socket.terminate();
    const grown = held(during) - held(before);
    // Before issue 10: 100 MiB per 10 requests, out of memory at 57.
    expect(mib(grown)).toBeLessThan(64);
    recordFigure('retrieve amplification', 'retrieves of a 4 MiB audio item, not read', requests);
    recordFigure('retrieve amplification', 'memory grown (heap + buffers)', mib(grown), 'MiB');
  });
});

describe('floods', () => {
  it('out-of-band responses: beyond 16 in progress they are refused, and the canary keeps its latency', async () => {
    const socket = await attacker();
    const count = scale(2000, 20_000);
    let refused = 0;
    socket.on('message', (data) => {
      if (String(data).includes('too_many_active_responses')) refused += 1;
    });
    const before = await memory();
    for (let i = 0; i < count; i++) {
      send(socket, {
        type: 'response.create',
        response: { conversation: 'none', input: [story], output_modalities: ['text'] },
      });
    }
    const latency = await canaryMedian(target.canary);
    const during = await memory();
    await closeSocket(socket);
    // Requests are taken in turn with everyone else's; while 16 are in progress, the rest are refused.
    expect(refused).toBeGreaterThan(0);
    expect(latency).toBeLessThan(Math.max(20 * target.baseline, 500));
    expect(mib(held(during) - held(before))).toBeLessThan(64);
    recordFigure('out-of-band flood', 'response.create sent at once', count);
    recordFigure(
      'out-of-band flood',
      'refused with too_many_active_responses by the canary’s 5th turn',
      refused,
    );
    recordFigure(
      'out-of-band flood',
      `canary turn under the flood (baseline ${target.baseline.toFixed(1)} ms)`,
      latency,
      'ms',
    );
    recordFigure(
      'out-of-band flood',
      'heap before → during',
      `${mib(before.heapUsed).toFixed(1)} → ${mib(during.heapUsed).toFixed(1)} MiB`,
    );
  });

  it('input audio with turn detection off stops at the 15-minute cap with an error', async () => {
    const socket = await attacker();
    send(socket, {
      type: 'session.update',
      session: { type: 'realtime', audio: { input: { turn_detection: null } } },
    });
    const chunk = Buffer.alloc(1024 * 1024, 5).toString('base64'); // 1 MiB of PCM16: ~21.8 s
    let full = 0;
    socket.on('message', (data) => {
      if (String(data).includes('input_audio_buffer_full')) full += 1;
    });
    const before = await memory();
    const appends = scale(60, 840);
    for (let i = 0; i < appends; i++) send(socket, { type: 'input_audio_buffer.append', audio: chunk });
    await expect.poll(() => full, { timeout: 60_000 }).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const during = await memory();
    await closeSocket(socket);
    // The buffer holds 15 min of PCM16 at most (43 MB); issue 10 saw 840 MiB held.
    expect(mib(held(during) - held(before))).toBeLessThan(100);
    recordFigure('input buffer flood', 'MiB of audio appended with turn detection off', appends);
    recordFigure('input buffer flood', 'appends refused with input_audio_buffer_full', full);
    recordFigure(
      'input buffer flood',
      'memory grown (heap + buffers)',
      mib(held(during) - held(before)),
      'MiB',
    );
  });
});
