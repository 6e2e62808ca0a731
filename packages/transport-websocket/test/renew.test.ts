import type { ClientEvent } from '@switchboard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStatus, record, statusWhere } from './helpers/observe.js';
import { transportPool } from './helpers/pool.js';
import { startServer, type TestServer } from './helpers/server.js';

/* renew(): a session rollover's new socket to a new server session (issue 16, point 3). */

let server: TestServer;
const pool = transportPool(() => server.url);
const commit: ClientEvent = { type: 'input_audio_buffer.commit' };

beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await pool.closeAll();
  await server.close();
});

describe('renew()', () => {
  it('replaces the open socket: reconnecting (rollover), then the next generation, with no retries configured', async () => {
    const transport = pool.open();
    const statuses = record(transport.status$);
    const errors = record(transport.errors$);
    await transport.connect();
    expect(transport.maxSessionMs).toBe(60 * 60_000);
    const first = await server.connection(0);
    const firstClosed = new Promise<number>((resolve) => first.socket.once('close', (code) => resolve(code)));
    transport.renew?.();
    transport.send(commit); // held for the new socket
    await statusWhere(transport.status$, (status) => status.state === 'open' && status.generation === 2);
    expect(await firstClosed).toBe(1000);
    expect(statuses.values.map(describeStatus)).toEqual([
      'idle',
      'connecting#1',
      'open#1',
      'reconnecting#1:rollover',
      'open#2',
    ]);
    const second = await server.connection(1);
    expect(await second.receivedCount(1)).toEqual([commit]);
    expect(first.received).toEqual([]);
    expect(errors.values).toEqual([]);
  });

  it('does nothing unless open, and is absent on a socket attached to a call', async () => {
    const transport = pool.open();
    transport.renew?.();
    expect(server.upgrades).toHaveLength(0);
    const sideband = pool.open({
      callId: 'rtc_123',
      url: undefined,
      baseURL: server.url.replace('/realtime', ''),
    });
    expect(sideband.renew).toBeUndefined();
    expect(sideband.maxSessionMs).toBeUndefined();
    expect(pool.open({ dialect: 'beta' }).maxSessionMs).toBe(30 * 60_000);
  });

  it('with a model: the new socket and every later one ask for it (a budget switching to a cheaper model)', async () => {
    const transport = pool.open({ model: 'gpt-realtime', reconnect: { retries: 2, backoffMs: 1 } });
    await transport.connect();
    transport.renew?.({ model: 'gpt-realtime-mini' });
    await statusWhere(transport.status$, (status) => status.state === 'open' && status.generation === 2);
    // A reconnect after the switch stays on the new model.
    (await server.connection(1)).socket.terminate();
    await statusWhere(transport.status$, (status) => status.state === 'open' && status.generation === 3);
    const models = server.upgrades.map((request) =>
      new URL(request.url ?? '', 'ws://x').searchParams.get('model'),
    );
    expect(models).toEqual(['gpt-realtime', 'gpt-realtime-mini', 'gpt-realtime-mini']);
  });

  it('with a model on Azure: the new socket asks for the deployment of that name', async () => {
    const transport = pool.open({
      url: undefined,
      apiKey: 'azure-key',
      azure: {
        endpoint: server.url.replace('/v1/realtime', ''),
        deployment: 'big',
        apiVersion: '2025-04-01-preview',
      },
    });
    await transport.connect();
    transport.renew?.({ model: 'small' });
    await statusWhere(transport.status$, (status) => status.state === 'open' && status.generation === 2);
    const deployments = server.upgrades.map((request) =>
      new URL(request.url ?? '', 'ws://x').searchParams.get('deployment'),
    );
    expect(deployments).toEqual(['big', 'small']);
  });
});
