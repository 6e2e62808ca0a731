import { PassThrough } from 'node:stream';
import '@switchboard/transport-websocket';
import { type LocalRealtimeServer, startLocalRealtime } from '@switchboard/local-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { type ClusterCall, type ClusterStatus, createCluster, startWorker } from '../src/index.js';
import { startRedisServer, type TestRedisServer } from '../src/testing/index.js';
import { eventually } from './fixtures/eventually.js';
import { testBrain, testSwarms } from './fixtures/swarms.js';

let redis: TestRedisServer;
let model: LocalRealtimeServer;
beforeAll(async () => {
  redis = await startRedisServer();
  model = await startLocalRealtime({ brain: testBrain, audio: { pace: 'fast', voice: 'tone' } });
});
afterAll(async () => {
  await model?.close();
  await redis?.stop();
});

/** Runs `switchboard-cluster` with `argv`; its exit code and what it wrote. */
async function run(argv: readonly string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  const collect = (stream: PassThrough) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    return () => text;
  };
  const stdout = collect(out);
  const stderr = collect(err);
  const code = await main(argv, out as never, err as never);
  return { code, stdout: stdout(), stderr: stderr() };
}

describe('switchboard-cluster status', () => {
  it('prints each worker’s calls against its capacity and pending entries, the running calls and the lag', async () => {
    const cluster = await createCluster({ redis: redis.url, swarms: testSwarms });
    const worker = await startWorker({
      redis: redis.url,
      swarms: testSwarms,
      capacity: 1,
      id: 'w-cli',
      leaseMs: 1500,
      model: { websocket: { type: 'websocket', dialect: 'ga', url: model.url } },
    });
    const calls: ClusterCall[] = [];
    try {
      // One call runs (the worker is full), the second waits in the stream. The worker's line is as of
      // its last heartbeat (every third of its lease).
      for (const id of ['cli-1', 'cli-2'])
        calls.push(await cluster.dispatch({ swarm: 'support', context: { customerId: id }, callId: id }));
      await eventually(cluster.status, (status) => status.workers[0]?.active === 1);

      const json = await run(['status', '--redis', redis.url, '--json']);
      expect(json).toMatchObject({ code: 0, stderr: '' });
      const status = JSON.parse(json.stdout) as ClusterStatus;
      expect(status).toMatchObject({ running: 1, waiting: 1, orphaned: 0 });
      expect(status.workers).toEqual([
        expect.objectContaining({ id: 'w-cli', active: 1, capacity: 1, pending: 1, stale: false }),
      ]);

      const table = await run(['status', '--redis', redis.url]);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^worker\s+calls\s+pending\s+state\s+host\s+pid\n/);
      expect(table.stdout).toMatch(new RegExp(`^w-cli\\s+1/1\\s+1\\s+ok\\s+\\S+\\s+${process.pid}$`, 'm'));
      expect(table.stdout).toContain('running 1  waiting 1 (lag)  orphaned 0');
    } finally {
      await Promise.all(calls.map((call) => call.hangup()));
      await worker.close();
      await cluster.close();
    }
  });

  it('says when Redis cannot be reached, and exits 1', async () => {
    const result = await run(['status', '--redis', 'redis://127.0.0.1:1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^switchboard-cluster: cannot read redis:\/\/127\.0\.0\.1:1: /);
  });

  it('answers a wrong command or option with the usage, and exits 2', async () => {
    for (const argv of [[], ['stats'], ['status', 'extra'], ['status', '--bogus']]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toContain('Usage: switchboard-cluster status');
    }
    expect(await run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage:') });
  });
});
