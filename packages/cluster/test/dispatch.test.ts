import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClusterOptionError,
  ContextTooLargeError,
  clusterKeys,
  createCluster,
  InvalidAttachError,
  InvalidContextError,
  UnknownSwarmError,
} from '../src/index.js';
import { startRedisServer, type TestRedisServer } from '../src/testing/index.js';
import { startReplyLosingProxy } from './fixtures/reply-losing-proxy.js';
import { testSwarms } from './fixtures/swarms.js';

let redis: TestRedisServer;
let client: Redis;
beforeAll(async () => {
  redis = await startRedisServer();
  client = new Redis(redis.url);
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

describe('dispatch refuses bad input with a typed error and queues nothing', () => {
  it('an unknown swarm, a context failing its schema, an oversized context, a bad attach or call id', async () => {
    const cluster = await createCluster({ redis: redis.url, swarms: testSwarms, maxContextBytes: 1024 });
    try {
      const unknown = await cluster
        .dispatch({ swarm: 'sales', context: {} })
        .catch((error: unknown) => error);
      expect(unknown).toBeInstanceOf(UnknownSwarmError);
      expect(unknown).toMatchObject({ code: 'unknown_swarm', swarm: 'sales', known: ['support'] });
      expect((unknown as Error).message).toBe('unknown swarm "sales": the cluster registers "support"');

      const invalid = await cluster
        .dispatch({ swarm: 'support', context: { customerId: '', notes: 'none' } })
        .catch((error: unknown) => error);
      expect(invalid).toBeInstanceOf(InvalidContextError);
      expect(invalid).toMatchObject({ code: 'invalid_context', swarm: 'support' });
      expect((invalid as InvalidContextError).issues.map((issue) => issue.path)).toEqual([
        'customerId',
        'notes',
      ]);

      const large = await cluster
        .dispatch({ swarm: 'support', context: { customerId: 'C-1', notes: ['x'.repeat(2000)] } })
        .catch((error: unknown) => error);
      expect(large).toBeInstanceOf(ContextTooLargeError);
      expect(large).toMatchObject({ code: 'context_too_large', limitBytes: 1024 });
      expect((large as ContextTooLargeError).bytes).toBeGreaterThan(2000);

      const attach = await cluster
        .dispatch({ swarm: 'support', context: { customerId: 'C-1' }, attach: { type: 'sip', callId: '' } })
        .catch((error: unknown) => error);
      expect(attach).toBeInstanceOf(InvalidAttachError);
      expect(attach).toMatchObject({ code: 'invalid_attach' });

      const id = await cluster
        .dispatch({ swarm: 'support', context: { customerId: 'C-1' }, callId: 'a{b}' })
        .catch((error: unknown) => error);
      expect(id).toBeInstanceOf(ClusterOptionError);
      expect(id).toMatchObject({ code: 'invalid_option', option: 'callId' });

      expect(await client.xlen(clusterKeys().calls)).toBe(0);
    } finally {
      await cluster.close();
    }
  });

  it('queues a valid call with the schema’s output as its context', async () => {
    const cluster = await createCluster({ redis: redis.url, swarms: testSwarms, prefix: 'valid' });
    try {
      const call = await cluster.dispatch({
        swarm: 'support',
        context: { customerId: 'C-7' },
        callId: 'call-7',
      });
      expect(call.id).toBe('call-7');
      const [[, fields] = ['', []]] = (await client.xrange(clusterKeys('valid').calls, '-', '+')) as [
        string,
        string[],
      ][];
      expect(JSON.parse(JSON.parse(fields[1] as string).context)).toEqual({ customerId: 'C-7', notes: [] });
    } finally {
      await cluster.close();
    }
  });

  it('queues a call id once: a second dispatch of it (a retried webhook) returns the same call', async () => {
    const cluster = await createCluster({ redis: redis.url, swarms: testSwarms, prefix: 'once' });
    try {
      const first = await cluster.dispatch({
        swarm: 'support',
        context: { customerId: 'C-1' },
        callId: 'sip-1',
      });
      const again = await cluster.dispatch({
        swarm: 'support',
        context: { customerId: 'C-1' },
        callId: 'sip-1',
      });
      expect(again.id).toBe(first.id);
      const other = await cluster.dispatch({ swarm: 'support', context: { customerId: 'C-2' } });
      const queued = (await client.xrange(clusterKeys('once').calls, '-', '+')) as [string, string[]][];
      expect(queued.map(([, fields]) => JSON.parse(fields[1] as string).id)).toEqual(['sip-1', other.id]);
    } finally {
      await cluster.close();
    }
  });

  it('refuses a maxContextBytes that is not a size', async () => {
    await expect(
      createCluster({ redis: redis.url, swarms: testSwarms, maxContextBytes: -1 }),
    ).rejects.toThrow(ClusterOptionError);
  });
});

describe('app input', () => {
  it('an input Redis ran but never answered (the reply lost with the connection) is appended once, though ioredis sends it again', async () => {
    const proxy = await startReplyLosingProxy(redis.port);
    const cluster = await createCluster({
      redis: `redis://127.0.0.1:${proxy.port}`,
      swarms: testSwarms,
      prefix: 'lost-reply',
    });
    try {
      const call = await cluster.dispatch({ swarm: 'support', context: { customerId: 'C-1' } });
      const input = clusterKeys('lost-reply').input(call.id);
      const lost = proxy.loseReplyTo(`${input}\r\n`);
      await call.sendText('charge 500');
      await lost;
      await call.sendText('bye');
      const entries = await client.xrange(input, '-', '+');
      expect(entries.map(([, fields]) => JSON.parse(fields[1] as string))).toEqual([
        { type: 'text', text: 'charge 500' },
        { type: 'text', text: 'bye' },
      ]);
    } finally {
      await cluster.close();
      await proxy.close();
    }
  });
});
