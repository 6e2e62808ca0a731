import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HandshakeTimeoutError,
  ReconnectFailedError,
  websocketTransport,
} from '@switchboard/transport-websocket';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { recordFigure } from '../src/figures.js';

/* Issue 10, points 8 and 9: the client transport against servers that drop at once or never speak. */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A WebSocket server on loopback that does `behaviour` with each accepted socket. */
async function hostileServer(behaviour: 'greet-then-drop' | 'silent') {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  let dials = 0;
  let first = true;
  wss.on('connection', (socket) => {
    dials += 1;
    if (behaviour === 'silent') return;
    socket.send(JSON.stringify({ type: 'session.created', session: { type: 'realtime' } }));
    // The first connection stays up until the test drops it; every later one is dropped at once.
    if (first) first = false;
    else socket.close(1011, 'dropped at once');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  );
  return {
    url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/v1/realtime`,
    dials: () => dials,
    wss,
  };
}

describe('client transport against hostile servers', () => {
  it('a server that accepts and drops at once gets `retries` dials, not a storm', async () => {
    const server = await hostileServer('greet-then-drop');
    const transport = websocketTransport({
      dialect: 'ga',
      url: server.url,
      reconnect: { retries: 10, backoffMs: 0 },
    });
    const errors: Error[] = [];
    transport.errors$.subscribe((error) => errors.push(error));
    await transport.connect();
    const closed = firstValueFrom(transport.status$.pipe(filter((status) => status.state === 'closed')));
    const started = performance.now();
    for (const client of server.wss.clients) client.close(1011, 'dropped');
    await closed;
    const elapsed = performance.now() - started;
    expect(server.dials()).toBe(11);
    expect(errors.some((error) => error instanceof ReconnectFailedError)).toBe(true);
    recordFigure(
      'reconnect storm',
      'dials to a server that drops at once (retries 10, backoffMs 0)',
      server.dials(),
    );
    recordFigure('reconnect storm', 'time until it gave up with ReconnectFailedError', elapsed, 'ms');
  });

  it('a server that never sends session.created: connect() fails with HandshakeTimeoutError', async () => {
    const server = await hostileServer('silent');
    const transport = websocketTransport({ dialect: 'ga', url: server.url, handshakeTimeoutMs: 300 });
    const started = performance.now();
    const failure = await transport.connect().catch((error: unknown) => error);
    const elapsed = performance.now() - started;
    expect(failure).toBeInstanceOf(HandshakeTimeoutError);
    expect(transport.status.state).toBe('closed');
    recordFigure('handshake timeout', 'connect() rejected after (handshakeTimeoutMs 300)', elapsed, 'ms');
  });
});
