import '@switchboard/transport-websocket';
import '@switchboard/local-realtime/transport';
import { createCluster, startWorker, type Worker } from '@switchboard/cluster';
import { demoSwarms, runClusteredCall } from './cluster.js';
import { DEMO_SCRIPT } from './conversation.js';
import { formatEntry } from './print.js';
import { demoTransport } from './transport-config.js';

/**
 * The demo with `SWITCHBOARD_CLUSTER=redis://…`: the call is dispatched to the cluster and a worker
 * runs it; this process only plays the caller (and the operator who approves refunds). Unless
 * `SWITCHBOARD_CLUSTER_WORKER=external`, a worker runs in this process too, so the demo works with
 * Redis alone; start more with `pnpm --filter @switchboard/example-triage-swarm worker`.
 */
export async function runClustered(
  redis: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const { config, description } = demoTransport(env);
  const external = env.SWITCHBOARD_CLUSTER_WORKER === 'external';
  let worker: Worker | undefined;
  if (!external)
    worker = await startWorker({ redis, swarms: demoSwarms, capacity: 4, model: { websocket: config } });
  const cluster = await createCluster({ redis, swarms: demoSwarms });
  try {
    console.log('Switchboard demo: a customer-support swarm (Triage → Billing / Tech Support), clustered');
    console.log(
      `Cluster: ${redis} (${external ? 'external workers' : `a worker in this process, ${worker?.id}`})`,
    );
    console.log(`Model: ${description}`);
    const call = await cluster.dispatch({ swarm: 'support', context: { customerId: 'C-42' } });
    const { workers } = await runClusteredCall(call, DEMO_SCRIPT, {
      onEntry: (entry) => console.log(formatEntry(entry)),
      approve: (name) => name === 'issue_refund',
    });
    console.log(`\nDone. Call ${call.id} ran on worker ${workers.join(' → ')}.`);
  } finally {
    await cluster.close();
    await worker?.drain();
  }
}
