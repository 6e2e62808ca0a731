import { updateVersioned, type VersionedStore } from '@switchboard/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore } from '../src/index.js';
import { startRedisServer, type TestRedisServer } from '../src/testing/index.js';
import { startReplyLosingProxy } from './fixtures/reply-losing-proxy.js';

let redis: TestRedisServer;
/** One connection per simulated worker process: the store's guarantees must hold across connections. */
let connections: Redis[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  connections = Array.from({ length: 4 }, () => new Redis(redis.url));
});
afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  await redis?.stop();
});

const storeOf = (index: number, prefix = 'app:'): VersionedStore =>
  redisStore(connections[index] as Redis, { prefix });

describe('redisStore: versioned keys shared by every worker', () => {
  it('versions each write and refuses a compare-and-set on a stale version, whichever connection writes', async () => {
    const [a, b] = [storeOf(0), storeOf(1)];
    expect(await a.set('ticket', { state: 'open' }, { ifVersion: 0 })).toEqual({ ok: true, version: 1 });
    // b read nothing yet (version 0): its write loses and is told what is there now.
    expect(await b.set('ticket', { state: 'closed' }, { ifVersion: 0 })).toEqual({
      ok: false,
      current: { value: { state: 'open' }, version: 1 },
    });
    expect(await b.set('ticket', { state: 'closed' }, { ifVersion: 1 })).toEqual({ ok: true, version: 2 });
    expect(await a.get('ticket')).toEqual({ value: { state: 'closed' }, version: 2 });
    await a.delete('ticket');
    expect(await b.get('ticket')).toBeUndefined();
  });

  it('loses no update when four connections race read-modify-write on one key', async () => {
    await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        updateVersioned<number[]>(storeOf(i % 4), 'seen', (seen = []) => [...seen, i], { attempts: 200 }),
      ),
    );
    const final = await storeOf(0).get<number[]>('seen');
    expect(final?.version).toBe(80);
    expect([...(final?.value ?? [])].sort((x, y) => x - y)).toEqual(Array.from({ length: 80 }, (_, i) => i));
  });

  it('keeps a key for its ttl only, and a plain write makes it permanent again', async () => {
    const store = storeOf(0);
    await store.set('hold', 1, { ttlMs: 60_000 });
    expect(await connections[0]?.pttl('app:hold')).toBeGreaterThan(50_000);
    await store.set('hold', 2);
    expect(await connections[0]?.pttl('app:hold')).toBe(-1);
    await store.set('gone', 1, { ttlMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await store.get('gone')).toBeUndefined();
  });

  it('applies an update once when Redis ran its write but the reply was lost (ioredis sends it again)', async () => {
    const proxy = await startReplyLosingProxy(redis.port);
    const connection = new Redis(`redis://127.0.0.1:${proxy.port}`);
    connection.on('error', () => {});
    try {
      const store = redisStore(connection, { prefix: 'app:' });
      // The reply to the compare-and-set of the update is lost; the read before it is not.
      const lost = proxy.loseReplyTo('"by":"resend"');
      let runs = 0;
      const written = await updateVersioned<{ count: number; by: string }>(store, 'resent', (now) => {
        runs += 1;
        return { count: (now?.count ?? 0) + 1, by: 'resend' };
      });
      await lost;
      expect(written).toEqual({ value: { count: 1, by: 'resend' }, version: 1 });
      expect(runs).toBe(1);
      expect(await storeOf(0).get('resent')).toEqual({ value: { count: 1, by: 'resend' }, version: 1 });
    } finally {
      connection.disconnect();
      await proxy.close();
    }
  });

  it('keeps prefixes apart and refuses a value JSON cannot carry', async () => {
    await storeOf(0, 'one:').set('k', 'first');
    expect(await storeOf(1, 'two:').get('k')).toBeUndefined();
    await expect(storeOf(0).set('k', () => 1)).rejects.toThrow(/no JSON form/);
  });
});
