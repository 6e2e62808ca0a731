import '@switchboard/transport-websocket';
import '@switchboard/local-realtime/transport';
import { startWorker } from '@switchboard/cluster';
import { demoSwarms } from './cluster.js';
import { DemoConfigError, demoTransport } from './transport-config.js';

/**
 * A worker of the clustered demo: `SWITCHBOARD_CLUSTER=redis://… pnpm --filter
 * @switchboard/example-triage-swarm worker`. It runs demo calls (the model from
 * `SWITCHBOARD_TRANSPORT`, as the demo) until SIGTERM or SIGINT, then drains: running calls get 30 s
 * to end, the rest go to another worker.
 */
async function main(): Promise<void> {
  const redis = process.env.SWITCHBOARD_CLUSTER;
  if (!redis)
    throw new DemoConfigError('set SWITCHBOARD_CLUSTER to the Redis URL, e.g. redis://127.0.0.1:6379');
  const { config, description } = demoTransport(process.env);
  const worker = await startWorker({
    redis,
    swarms: demoSwarms,
    capacity: Number(process.env.SWITCHBOARD_CAPACITY ?? 50),
    model: { websocket: config },
    ...(process.env.SWITCHBOARD_WORKER_ID ? { id: process.env.SWITCHBOARD_WORKER_ID } : {}),
    onError: (error) => console.error(`worker: ${error.name}: ${error.message}`),
  });
  console.log(`worker ${worker.id} ready (capacity ${worker.metrics.capacity}; model: ${description})`);
  const stop = () => {
    worker.drain({ timeoutMs: 30_000 }).then(
      (result) => {
        console.log(
          `worker ${worker.id} drained: ${result.completed} ended here, ${result.handedOver} handed over`,
        );
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof DemoConfigError ? `worker: ${error.message}` : error);
  process.exitCode = 1;
});
