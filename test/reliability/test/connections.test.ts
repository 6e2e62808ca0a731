import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { closeSocket, openSocket } from '../src/canary.js';
import { mib, recordFigure, scale } from '../src/figures.js';
import { canaryMedian, KEY, useTarget } from '../src/target.js';

/*
 * What already held before issue 10, kept holding: many connections, connect/close churn, malformed
 * frames and bursts of events on one socket. Figures: connections held, heap before/after, the
 * canary's latency under load, crashes.
 */

const target = useTarget();

const heapUsed = async () => (await target.local.request<NodeJS.MemoryUsage>('memory')).heapUsed;
const connections = async () => (await target.local.request<{ connections: number }>('stats')).connections;

/** Opens a session socket and waits for its `session.created`. */
async function session(): Promise<WebSocket> {
  return (await openSocket(String(target.local.info.url), KEY)).socket;
}

describe('connections', () => {
  it('holds many concurrent connections, and the canary keeps its latency', async () => {
    const count = scale(1000, 3000);
    const before = await heapUsed();
    const sockets: WebSocket[] = [];
    for (let i = 0; i < count; i += 100) {
      sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, count - i) }, session))));
    }
    expect(await connections()).toBe(count + 1);
    const held = await heapUsed();
    const latency = await canaryMedian(target.canary);
    await Promise.all(sockets.map(closeSocket));
    await expect.poll(connections, { timeout: 10_000 }).toBe(1);
    const after = await heapUsed();
    expect(target.local.alive()).toBe(true);
    recordFigure('concurrent connections', 'connections held', count);
    recordFigure('concurrent connections', 'heap per idle connection', (held - before) / count / 1024, 'KiB');
    recordFigure(
      'concurrent connections',
      'heap before → after closing all',
      `${mib(before).toFixed(1)} → ${mib(after).toFixed(1)} MiB`,
    );
    recordFigure(
      'concurrent connections',
      `canary turn while held (baseline ${target.baseline.toFixed(1)} ms)`,
      latency,
      'ms',
    );
  });

  it('connect/close cycles leave no heap behind', async () => {
    const cycles = scale(1000, 20_000);
    const before = await heapUsed();
    for (let done = 0; done < cycles; done += 50) {
      const sockets = await Promise.all(Array.from({ length: 50 }, session));
      await Promise.all(sockets.map(closeSocket));
    }
    await expect.poll(connections, { timeout: 10_000 }).toBe(1);
    const after = await heapUsed();
    expect(mib(after - before)).toBeLessThan(16);
    recordFigure('connect/close cycles', 'cycles', cycles);
    recordFigure(
      'connect/close cycles',
      'heap before → after',
      `${mib(before).toFixed(1)} → ${mib(after).toFixed(1)} MiB`,
    );
    recordFigure('connect/close cycles', 'canary turn after', await target.canary.turn(), 'ms');
  });
});

describe('one socket, many frames', () => {
  const junk = [
    '{not json',
    '[]',
    '42',
    '{"type":"no.such.event"}',
    '{"type":"session.update","session":{"type":"realtime","colour":"red"}}',
    `{"type":"session.update","session":{"type":"realtime","tools":[{"type":"function","name":"f","parameters":${'['.repeat(5000)}${']'.repeat(5000)}}]}}`,
    '{"type":"response.cancel"}',
    '{"type":"conversation.item.retrieve","item_id":"nope"}',
    '{"type":"input_audio_buffer.append","audio":"%%%"}',
  ];

  it('a burst of malformed frames: each gets its error event, and the server goes on', async () => {
    const count = scale(10_000, 100_000);
    const socket = await session();
    let errors = 0;
    socket.on('message', (data) => {
      if (String(data).startsWith('{"type":"error"')) errors += 1;
    });
    const before = await heapUsed();
    const started = performance.now();
    for (let i = 0; i < count; i++) socket.send(junk[i % junk.length] as string);
    const latency = await target.canary.turn();
    await expect.poll(() => errors, { timeout: 60_000, interval: 100 }).toBe(count);
    const elapsed = performance.now() - started;
    await closeSocket(socket);
    const after = await heapUsed();
    expect(target.local.alive()).toBe(true);
    recordFigure('malformed frames', 'frames sent in one burst, each answered with an error', count);
    recordFigure('malformed frames', 'time until all were answered', elapsed, 'ms');
    recordFigure(
      'malformed frames',
      `canary turn during the burst (baseline ${target.baseline.toFixed(1)} ms)`,
      latency,
      'ms',
    );
    recordFigure(
      'malformed frames',
      'heap before → after',
      `${mib(before).toFixed(1)} → ${mib(after).toFixed(1)} MiB`,
    );
  });

  it('a burst of valid events is answered in full', async () => {
    const count = scale(10_000, 100_000);
    const socket = await session();
    let added = 0;
    socket.on('message', (data) => {
      if (String(data).startsWith('{"type":"conversation.item.done"')) added += 1;
    });
    const item = (i: number) =>
      JSON.stringify({
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `burst ${i}` }] },
      });
    for (let i = 0; i < count; i++) socket.send(item(i));
    const latency = await target.canary.turn();
    await expect.poll(() => added, { timeout: 60_000, interval: 100 }).toBe(count);
    await closeSocket(socket);
    recordFigure('event burst', 'conversation.item.create events in one burst, all answered', count);
    recordFigure(
      'event burst',
      `canary turn during the burst (baseline ${target.baseline.toFixed(1)} ms)`,
      latency,
      'ms',
    );
  });
});
