import { type ClientEvent, TransportConnectError, TransportSendError } from '@switchboard/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { MissingApiKeyError, ReconnectFailedError } from '../src/errors.js';
import { describeStatus, record, recordEvents, statusWhere } from './helpers/observe.js';
import { transportPool } from './helpers/pool.js';
import { startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
const pool = transportPool(() => server.url);
const open = pool.open;
const commit: ClientEvent = { type: 'input_audio_buffer.commit' };
const cancel: ClientEvent = { type: 'response.cancel' };

beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await pool.closeAll();
  await server.close();
});

describe('connect failures', () => {
  it('rejects with auth_failed and the server message when the upgrade gets 401', async () => {
    server.mode = {
      kind: 'refuse',
      status: 401,
      statusText: 'Unauthorized',
      body: JSON.stringify({
        error: { message: 'Incorrect API key provided: sk-bad.', code: 'invalid_api_key' },
      }),
    };
    const transport = open({ apiKey: 'sk-bad', reconnect: { retries: 3, backoffMs: 1 } });
    const statuses = record(transport.status$);
    const errors = record(transport.errors$);
    transport.send(commit);

    const error: unknown = await transport.connect().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransportConnectError);
    expect((error as TransportConnectError).reason).toEqual({
      kind: 'auth_failed',
      status: 401,
      message: 'Incorrect API key provided: sk-bad.',
    });
    expect((error as Error).message).toBe(
      'could not connect: authentication failed (HTTP 401): Incorrect API key provided: sk-bad.',
    );
    expect(statuses.values.map(describeStatus)).toEqual(['idle', 'connecting#1', 'closed:auth_failed']);
    expect(statuses.completed()).toBe(true);
    expect(server.upgrades).toHaveLength(1); // no retry after an auth failure
    expect(errors.values).toHaveLength(1);
    expect(errors.values[0]).toBeInstanceOf(TransportSendError);
    expect((errors.values[0] as TransportSendError).event).toBe(commit);
  });

  it('rejects with a MissingApiKeyError at connect, not at construction', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const transport = open({ url: undefined, baseURL: server.baseURL });
    const error: unknown = await transport.connect().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MissingApiKeyError);
    expect(error).toBeInstanceOf(TransportConnectError);
    expect((error as MissingApiKeyError).message).toContain('OPENAI_API_KEY');
    expect(server.upgrades).toHaveLength(0);
  });

  it('fails fast with a network error when nothing listens (no retry before the first open)', async () => {
    await server.close();
    const transport = open({ reconnect: { retries: 5, backoffMs: 1 } });
    const error: unknown = await transport.connect().catch((caught: unknown) => caught);
    server = await startServer(); // for afterEach
    expect((error as TransportConnectError).reason).toMatchObject({ kind: 'network_error' });
    expect((error as TransportConnectError).message).toMatch(/ECONNREFUSED/);
  });

  it('rejects connect() when closed while connecting', async () => {
    const transport = open();
    const connecting = transport.connect();
    await transport.close();
    await expect(connecting).rejects.toMatchObject({ reason: { kind: 'client' } });
  });
});

describe('server-side ends', () => {
  it('closes with server_closed and the code when the server closes with 1011', async () => {
    const transport = open();
    const statuses = record(transport.status$);
    await transport.connect();
    (await server.connection(0)).socket.close(1011, 'internal failure');
    const closed = await statusWhere(transport.status$, (status) => status.state === 'closed');
    expect(closed).toEqual({
      state: 'closed',
      reason: { kind: 'server_closed', code: 1011, reason: 'internal failure' },
    });
    expect(statuses.values.map(describeStatus)).toEqual([
      'idle',
      'connecting#1',
      'open#1',
      'closed:server_closed',
    ]);
  });

  it('reads session expiry from the error event that precedes the close', async () => {
    const transport = open();
    const events = recordEvents(transport.events$);
    await transport.connect();
    const connection = await server.connection(0);
    const expired = {
      type: 'error',
      event_id: 'e1',
      error: {
        type: 'invalid_request_error',
        code: 'session_expired',
        message: 'Your session hit the maximum duration of 60 minutes.',
      },
    };
    connection.send(expired);
    connection.socket.close(1000);
    const closed = await statusWhere(transport.status$, (status) => status.state === 'closed');
    expect(closed).toEqual({
      state: 'closed',
      reason: { kind: 'session_expired', message: 'Your session hit the maximum duration of 60 minutes.' },
    });
    expect(events.values).toEqual([expired]); // the session still sees the error event itself
  });

  it('does not reconnect when an open socket is closed for a refused key', async () => {
    const transport = open({ reconnect: { retries: 3, backoffMs: 1 } });
    await transport.connect();
    (await server.connection(0)).socket.close(3000, 'invalid_request_error.invalid_api_key');
    const closed = await statusWhere(transport.status$, (status) => status.state === 'closed');
    expect(closed).toMatchObject({ reason: { kind: 'auth_failed' } });
    expect(server.upgrades).toHaveLength(1);
  });
});

describe('reconnect', () => {
  it('reconnects after the server drops the socket, delivers queued events, and drops stale ones', async () => {
    const sockets: WebSocket[] = [];
    class TrackedWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets.push(this);
      }
    }
    const transport = open({ reconnect: { retries: 3, backoffMs: 10 }, WebSocket: TrackedWebSocket });
    const statuses = record(transport.status$);
    const events = recordEvents(transport.events$);
    await transport.connect();
    (await server.connection(0)).socket.terminate();

    await statusWhere(transport.status$, (status) => status.state === 'reconnecting');
    transport.send(commit); // while disconnected: queued for the next connection
    transport.send(cancel);
    await statusWhere(transport.status$, (status) => status.state === 'open' && status.generation === 2);
    expect(statuses.values.map(describeStatus)).toEqual([
      'idle',
      'connecting#1',
      'open#1',
      'reconnecting#1:network_error',
      'open#2',
    ]);
    const second = await server.connection(1);
    expect(await second.receivedCount(2)).toEqual([commit, cancel]);

    // A frame surfacing on the replaced socket must never reach the session.
    sockets[0]?.emit('message', Buffer.from('{"type":"stale.event"}'), false);
    second.send({ type: 'fresh.event' });
    await expect.poll(() => events.values).toEqual([{ type: 'fresh.event' }]);
  });

  it('closes with the last reason once retries are exhausted, reporting what was queued', async () => {
    const transport = open({ reconnect: { retries: 2, backoffMs: 5 } });
    const statuses = record(transport.status$);
    const errors = record(transport.errors$);
    await transport.connect();
    server.mode = { kind: 'refuse', status: 503, statusText: 'Service Unavailable', body: '' };
    (await server.connection(0)).socket.terminate();
    await statusWhere(transport.status$, (status) => status.state === 'reconnecting');
    transport.send(commit);

    const closed = await statusWhere(transport.status$, (status) => status.state === 'closed');
    expect(closed).toEqual({
      state: 'closed',
      reason: {
        kind: 'network_error',
        message: 'upgrade refused with HTTP 503: HTTP 503 Service Unavailable',
      },
    });
    expect(statuses.values.map(describeStatus)).toEqual([
      'idle',
      'connecting#1',
      'open#1',
      'reconnecting#1:network_error',
      'reconnecting#2:network_error',
      'closed:network_error',
    ]);
    expect(server.upgrades).toHaveLength(3);
    expect(errors.values).toHaveLength(2);
    expect(errors.values[0]).toBeInstanceOf(ReconnectFailedError);
    expect(errors.values[0]).toMatchObject({ attempts: 2, reason: { kind: 'network_error' } });
    expect((errors.values[1] as TransportSendError).event).toBe(commit);
    expect((errors.values[1] as Error).message).toContain('HTTP 503');
  });

  it('stops at once when the key is refused during a reconnect', async () => {
    const transport = open({ reconnect: { retries: 5, backoffMs: 5 } });
    await transport.connect();
    server.mode = { kind: 'refuse', status: 403, statusText: 'Forbidden', body: '' };
    (await server.connection(0)).socket.close(1012, 'restart');
    const closed = await statusWhere(transport.status$, (status) => status.state === 'closed');
    expect(closed).toEqual({
      state: 'closed',
      reason: { kind: 'auth_failed', status: 403, message: 'HTTP 403 Forbidden' },
    });
    expect(server.upgrades).toHaveLength(2);
  });
});

describe('options', () => {
  it('rejects a reconnect policy that cannot work', () => {
    expect(() => open({ reconnect: { retries: -1, backoffMs: 10 } })).toThrow(/reconnect.retries/);
    expect(() => open({ reconnect: { retries: 1, backoffMs: Number.NaN } })).toThrow(/reconnect.backoffMs/);
  });
});

describe('close', () => {
  it('is idempotent, completes the streams, replays closed, and reports later sends', async () => {
    const transport = open();
    const events = recordEvents(transport.events$);
    const errors = record(transport.errors$);
    await transport.connect();
    const connection = await server.connection(0);
    const serverSawClose = new Promise<number>((resolve) => connection.socket.on('close', resolve));

    const first = transport.close();
    expect(transport.close()).toBe(first);
    await first;
    expect(await serverSawClose).toBe(1000);
    expect(events.completed()).toBe(true);
    expect(await statusWhere(transport.status$, () => true)).toEqual({
      state: 'closed',
      reason: { kind: 'client' },
    });

    transport.send(commit);
    expect(errors.values).toHaveLength(1);
    expect(errors.values[0]).toBeInstanceOf(TransportSendError);
    expect((errors.values[0] as Error).message).toBe(
      'could not send input_audio_buffer.commit: the transport is closed (closed by the client)',
    );
    await expect(transport.connect()).rejects.toMatchObject({ reason: { kind: 'client' } });
  });
});
