import '@switchboard/transport-websocket';
import { type LocalRealtimeServer, startLocalRealtime } from '@switchboard/local-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallEvent, type Cluster, createCluster, startWorker, type Worker } from '../src/index.js';
import { startRedisServer, type TestRedisServer } from '../src/testing/index.js';
import { eventually } from './fixtures/eventually.js';
import { testBrain, testSwarms } from './fixtures/swarms.js';

let redis: TestRedisServer;
let model: LocalRealtimeServer;
let cluster: Cluster;
let worker: Worker;
beforeAll(async () => {
  redis = await startRedisServer();
  model = await startLocalRealtime({ brain: testBrain, audio: { pace: 'fast', voice: 'tone' } });
  cluster = await createCluster({ redis: redis.url, swarms: testSwarms });
  worker = await startWorker({
    redis: redis.url,
    swarms: testSwarms,
    capacity: 20,
    model: { websocket: { type: 'websocket', dialect: 'ga', url: model.url } },
  });
});
afterAll(async () => {
  await worker?.close();
  await cluster?.close();
  await model?.close();
  await redis?.stop();
});

describe('the end of a call', () => {
  it('is told to the app even when the hang-up comes while the snapshot is still being written', async () => {
    // A text and the hang-up at once: the text's snapshot write is still queued when the hang-up ends
    // the call. The `ended` event went missing there (the app waited for it forever).
    const calls = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        cluster.dispatch({ swarm: 'support', context: { customerId: `C-${i}` }, callId: `end-${i}` }),
      ),
    );
    const ends = await Promise.all(
      calls.map(async (call) => {
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(), 15_000);
        const seen: CallEvent[] = [];
        try {
          await call.sendText('hello');
          await call.hangup();
          for await (const event of call.events({ signal: abort.signal })) seen.push(event);
        } finally {
          clearTimeout(timer);
        }
        return seen.at(-1);
      }),
    );
    for (const end of ends) expect(end).toMatchObject({ type: 'ended', reason: 'hangup' });
    // Each call is acknowledged right after its `ended` event.
    expect(await eventually(cluster.status, (status) => status.running === 0)).toMatchObject({ running: 0 });
  });
});
