import { TransportConnectError } from '@switchboard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandshakeTimeoutError, ReconnectFailedError } from '../src/errors.js';
import { describeStatus, record, statusWhere } from './helpers/observe.js';
import { transportPool } from './helpers/pool.js';
import { startServer, type TestServer } from './helpers/server.js';

/* Issue 10, points 8 and 9: servers that accept and drop at once, and servers that never speak. */

let server: TestServer;
const pool = transportPool(() => server.url);
const open = pool.open;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await pool.closeAll();
  await server.close();
});

describe('reconnect storms', () => {
  it('a server that accepts and drops at once uses up the retries, then closes with ReconnectFailedError', async () => {
    const transport = open({ reconnect: { retries: 5, backoffMs: 1 } });
    const statuses = record(transport.status$);
    const errors = record(transport.errors$);
    await transport.connect();
    server.mode = { kind: 'drop' };
    (await server.connection(0)).socket.close(1011, 'dropped');
    await Promise.race([
      statusWhere(transport.status$, (status) => status.state === 'closed'),
      sleep(5000).then(() => {
        throw new Error(`still reconnecting after ${server.upgrades.length} dials`);
      }),
    ]);
    expect(server.upgrades).toHaveLength(6);
    const reconnecting = statuses.values
      .map(describeStatus)
      .filter((status) => status.startsWith('reconnecting'));
    // The attempt count (and with it the backoff, backoffMs × 2^(n−1)) keeps growing across the drops.
    expect(reconnecting).toEqual([1, 2, 3, 4, 5].map((n) => `reconnecting#${n}:server_closed`));
    const failed = errors.values.find((error) => error instanceof ReconnectFailedError);
    expect(failed).toMatchObject({
      attempts: 5,
      reason: { kind: 'server_closed', code: 1011, reason: 'dropped at once' },
    });
    expect((failed as Error).message).toBe(
      'gave up reconnecting after 5 attempts: the server closed the connection with code 1011 (dropped at once)',
    );
  });

  it('a connection that stayed open for stableAfterMs starts counting attempts over', async () => {
    const transport = open({ reconnect: { retries: 1, backoffMs: 1, stableAfterMs: 50 } });
    const statuses = record(transport.status$);
    await transport.connect();
    for (let drop = 0; drop < 3; drop++) {
      await sleep(120);
      (await server.connection(drop)).socket.close(1012, 'restart');
      await statusWhere(
        transport.status$,
        (status) => status.state === 'open' && status.generation === drop + 2,
      );
    }
    expect(statuses.values.map(describeStatus).filter((status) => status.startsWith('reconnecting'))).toEqual(
      ['reconnecting#1:server_closed', 'reconnecting#1:server_closed', 'reconnecting#1:server_closed'],
    );
  });
});

describe('handshake', () => {
  it('connect() waits for the server’s first event: open and resolved only then', async () => {
    server.mode = { kind: 'silent' };
    const transport = open();
    let resolved = false;
    const connected = transport.connect().then(() => {
      resolved = true;
    });
    const connection = await server.connection(0);
    await sleep(50);
    expect(transport.status).toEqual({ state: 'connecting', attempt: 1 });
    expect(resolved).toBe(false);
    connection.send({ type: 'session.created', session: { type: 'realtime' } });
    await connected;
    expect(transport.status).toEqual({ state: 'open', generation: 1 });
  });

  it('a server that never sends session.created: connect() rejects with HandshakeTimeoutError', async () => {
    server.mode = { kind: 'silent' };
    const transport = open({ handshakeTimeoutMs: 100 });
    const errors = record(transport.errors$);
    const failure = await transport.connect().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HandshakeTimeoutError);
    expect(failure).toBeInstanceOf(TransportConnectError);
    expect(failure).toMatchObject({
      timeoutMs: 100,
      reason: { kind: 'network_error', message: expect.stringContaining('no event within 100 ms') },
    });
    expect(errors.values).toEqual([failure]);
    expect(transport.status).toMatchObject({ state: 'closed', reason: { kind: 'network_error' } });
    const closed = await new Promise<number>((resolve) => {
      const socket = server.connections[0]?.socket;
      if (socket?.readyState === socket?.CLOSED) resolve(1000);
      else socket?.on('close', resolve);
    });
    expect(closed).toBe(1000);
  });

  it('a call’s socket (callId) is open as soon as the socket is: the API sends nothing first', async () => {
    const transport = open({ callId: 'rtc_1', handshakeTimeoutMs: 50 });
    await transport.connect();
    await sleep(100);
    expect(transport.status).toEqual({ state: 'open', generation: 1 });
  });

  it('refuses a handshake timeout that is not a positive number of milliseconds', () => {
    expect(() => open({ handshakeTimeoutMs: 0 })).toThrow(/handshakeTimeoutMs/);
    expect(() => open({ reconnect: { retries: 1, backoffMs: 1, stableAfterMs: -1 } })).toThrow(
      /stableAfterMs/,
    );
  });
});
