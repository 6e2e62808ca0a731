// A cluster worker in its own process for the bench (forked with tsx); reports ready, metrics and its
// memory over IPC.
import '@switchboard/transport-websocket';
import { startWorker } from '@switchboard/cluster';
import { benchSwarms } from './swarm.js';

const env = process.env;
const worker = await startWorker({
  redis: env.REDIS_URL as string,
  swarms: benchSwarms,
  capacity: Number(env.CAPACITY),
  leaseMs: Number(env.LEASE_MS),
  id: env.WORKER_ID as string,
  model: { websocket: { type: 'websocket', dialect: 'ga', url: env.MODEL_URL as string } },
});
worker.metrics$.subscribe((metrics) =>
  process.send?.({ type: 'metrics', active: metrics.active, rss: process.memoryUsage().rss }),
);
process.send?.({ type: 'ready' });
