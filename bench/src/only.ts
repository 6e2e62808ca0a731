/**
 * One workload of the benchmark, printed, not written to the report: for comparing a change
 * before and after in the same minute on a shared machine (`--workload ingest | tool | long |
 * handoff | scale`, `--clients ours,peer`, `--rounds N`, `--sessions N`). Medians only; the full
 * `pnpm bench` remains the measurement of record.
 */
import os from 'node:os';
import type { ClientName } from './clients/index.js';
import { forkModelServer } from './server/remote.js';
import { runIngest } from './workloads/ingest.js';
import { recordConversation } from './workloads/recording.js';
import { runRoundTrips } from './workloads/round-trip.js';
import { runScale } from './workloads/scale.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : (args[at + 1] ?? fallback);
};
const workload = option('workload', 'tool');
const clients = option('clients', 'ours,peer').split(',') as ClientName[];
const rounds = Number(option('rounds', '2000'));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

console.log(`${workload} · load ${os.loadavg()[0]?.toFixed(2)} at the start`);
if (workload === 'ingest') {
  const recording = await recordConversation();
  const { results } = await runIngest({
    recording,
    ingesters: ['ours', 'json', ...(clients.includes('peer') ? (['peer'] as const) : [])],
    copiesPerPass: 5,
    passes: Number(option('passes', '9')),
    warmupPasses: 3,
  });
  const json = median(results.find((result) => result.ingester === 'json')?.eventsPerSecond ?? []);
  for (const result of results) {
    const rate = median(result.eventsPerSecond);
    console.log(`${result.ingester}: ${Math.round(rate)} events/s, ${(rate / json).toFixed(2)}× JSON.parse`);
    if (args.includes('--types'))
      for (const [type, { count, totalMs }] of Object.entries(result.perType)
        .sort((a, b) => b[1].totalMs - a[1].totalMs)
        .slice(0, 8))
        console.log(
          `  ${type}: ${count} events, ${((1000 * totalMs) / count).toFixed(1)} µs each, ${totalMs.toFixed(0)} ms`,
        );
  }
} else {
  const server = await forkModelServer();
  try {
    if (workload === 'scale') {
      const sessions = Number(option('sessions', '1000'));
      const steps = await runScale({
        server,
        clients,
        steps: [sessions],
        durationMs: () => Number(option('ms', '4000')),
        intervalMs: 1_000,
        connectBatch: 50,
        repeats: Number(option('repeats', '1')),
      });
      for (const step of steps)
        console.log(
          `${step.client} run ${step.run}: idle ${(step.idleHeapPerSession / 1024).toFixed(1)} KiB/session, p99 ${quantile(step.roundTripMs, 0.99).toFixed(2)} ms, CPU ${Math.round(step.cpuPerRoundTripUs)} µs/round trip`,
        );
    } else {
      const long = workload === 'long';
      const measured = await runRoundTrips({
        server,
        clients,
        setup: workload === 'handoff' ? 'handoff' : 'tool',
        parallel: Number(option('parallel', '1')),
        rounds,
        roundsPerSession: long ? rounds : 100,
        warmupRounds: long ? 0 : 200,
      });
      for (const client of measured) {
        const server = workload === 'handoff' ? client.serverUpdateMs : client.serverMs;
        const tail = long ? server.slice(-100) : server;
        console.log(
          `${client.client}: p50 ${median(tail).toFixed(3)} ms, p99 ${quantile(tail, 0.99).toFixed(3)} ms, CPU ${Math.round(client.cpuMicros / rounds)} µs/round trip`,
        );
      }
    }
  } finally {
    await server.close();
  }
}
