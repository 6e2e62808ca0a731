import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type CallEvent, type Cluster, type ClusterCall, createCluster } from '@switchboard/cluster';
import { startRedisServer, type TestRedisServer } from '@switchboard/cluster/testing';
import { type LocalRealtimeServer, startLocalRealtime } from '@switchboard/local-realtime';
import { Redis } from 'ioredis';
import { replaceSection } from '../report/own-sections.js';
import { type Summary, summarize } from '../stats.js';
import { type BenchWorker, forkBenchWorker } from './processes.js';
import { benchBrain, benchSwarms } from './swarm.js';

/**
 * The cluster's numbers on this machine: calls per second through the ingress (`dispatch`), calls and
 * sessions per worker with 1, 2 and 4 worker processes, and failover time over many SIGKILLs.
 * A `redis-server` of its own (free port), the model (local-realtime, scripted) in this process.
 *
 *   pnpm --filter @switchboard/bench bench:cluster                # prints the tables
 *   pnpm --filter @switchboard/bench bench:cluster -- --write     # and writes its section of docs/benchmarks.md
 */
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    dispatches: { type: 'string', default: '5000' },
    calls: { type: 'string', default: '300' },
    kills: { type: 'string', default: '50' },
    lease: { type: 'string', default: '1000' },
    write: { type: 'boolean', default: false },
  },
});
const DISPATCHES = Number(values.dispatches);
const CALLS = Number(values.calls);
const KILLS = Number(values.kills);
const LEASE_MS = Number(values.lease);
const IN_FLIGHT = 32;
/** A call that takes longer is a failure of the run (its events stop, and the turn waiting on them throws). */
const CALL_TIMEOUT_MS = 120_000;

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 0);
const summary = (s: Summary) => `${ms(s.p50)} / ${ms(s.p99)}`;

/** Sends one line and waits for the agent's last answer to it. */
async function turn(events: AsyncIterator<CallEvent>, call: ClusterCall, line: string): Promise<void> {
  await call.sendText(line);
  for (let next = await events.next(); !next.done; next = await events.next())
    if (next.value.type === 'response' && next.value.toolCalls === 0) return;
  throw new Error(`call ${call.id} ended (or timed out) during a turn`);
}

/** Waits for an event matching `wanted`. */
async function until(events: AsyncIterator<CallEvent>, wanted: (event: CallEvent) => boolean): Promise<void> {
  for (let next = await events.next(); !next.done; next = await events.next()) if (wanted(next.value)) return;
}

async function ingress(cluster: Cluster, redis: Redis) {
  // Latency of one dispatch at a time, then throughput with IN_FLIGHT dispatches outstanding.
  const latencies: number[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const started = performance.now();
    await cluster.dispatch({ swarm: 'desk', context: { caller: `c${i}` } });
    latencies.push(performance.now() - started);
  }
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < DISPATCHES) {
        next += 1;
        await cluster.dispatch({ swarm: 'desk', context: { caller: `c${next}` } });
      }
    }),
  );
  const perSecond = DISPATCHES / ((performance.now() - started) / 1000);
  await redis.flushall();
  return { latency: summarize(latencies), perSecond };
}

async function workers(count: number, cluster: Cluster, redis: Redis, env: WorkerEnv) {
  const pool = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      forkBenchWorker(`bench-${count}-${i}`, { ...env, capacity: 1000 }),
    ),
  );
  const durations: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CALLS }, async (_, i) => {
      const callStarted = performance.now();
      const call = await cluster.dispatch({ swarm: 'desk', context: { caller: `c${i}` } });
      const events = call.events({ signal: AbortSignal.timeout(CALL_TIMEOUT_MS) })[Symbol.asyncIterator]();
      try {
        await turn(events, call, 'note this');
        await turn(events, call, 'hi');
        await call.hangup();
        await until(events, (event) => event.type === 'ended');
      } finally {
        await events.return?.(undefined);
      }
      durations.push(performance.now() - callStarted);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(pool.map((worker) => worker.kill()));
  await redis.flushall();
  return {
    count,
    perSecond: CALLS / seconds,
    duration: summarize(durations),
    peak: pool.map((worker) => worker.peakActive),
    rssPerSession: pool.map((worker) => (worker.peakRss - worker.startRss) / Math.max(1, worker.peakActive)),
  };
}

interface WorkerEnv {
  readonly redis: string;
  readonly model: string;
  readonly leaseMs: number;
}

async function failover(cluster: Cluster, redis: Redis, env: WorkerEnv) {
  const spawnWorker = (() => {
    let n = 0;
    return () => forkBenchWorker(`failover-${n++}`, { ...env, capacity: 100 });
  })();
  const pool: BenchWorker[] = await Promise.all([spawnWorker(), spawnWorker()]);
  const takeover: number[] = [];
  const answered: number[] = [];
  for (let kill = 0; kill < KILLS; kill += 1) {
    const call = await cluster.dispatch({ swarm: 'desk', context: { caller: `k${kill}` } });
    const events = call.events({ signal: AbortSignal.timeout(CALL_TIMEOUT_MS) })[Symbol.asyncIterator]();
    let owner = '';
    for (let next = await events.next(); !next.done; next = await events.next())
      if (next.value.type === 'assigned') {
        owner = next.value.worker;
        break;
      }
    await turn(events, call, 'hi');
    const victim = pool.find((worker) => worker.id === owner) as BenchWorker;
    const killedAt = performance.now();
    await victim.kill();
    pool.splice(pool.indexOf(victim), 1);
    const replacement = spawnWorker();
    // The caller goes on talking: the next answer comes from the worker that takes the call over.
    await call.sendText('hi');
    for (let next = await events.next(); !next.done; next = await events.next()) {
      const event = next.value;
      if (event.type === 'assigned' && event.resumed) takeover.push(performance.now() - killedAt);
      if (event.type === 'response' && event.toolCalls === 0) break;
    }
    answered.push(performance.now() - killedAt);
    await call.hangup();
    await until(events, (event) => event.type === 'ended');
    await events.return?.(undefined);
    pool.push(await replacement);
  }
  await Promise.all(pool.map((worker) => worker.kill()));
  await redis.flushall();
  return { takeover: summarize(takeover), answered: summarize(answered) };
}

async function main(): Promise<void> {
  const server: TestRedisServer = await startRedisServer();
  const model: LocalRealtimeServer = await startLocalRealtime({
    brain: benchBrain,
    audio: { pace: 'fast', voice: 'tone' },
  });
  const redis = new Redis(server.url);
  const cluster = await createCluster({ redis: server.url, swarms: benchSwarms });
  const env: WorkerEnv = { redis: server.url, model: model.url, leaseMs: LEASE_MS };
  const loadAtStart = os.loadavg();
  try {
    console.log(
      `cluster bench: Node ${process.version}, ${os.cpus().length} cores, redis-server on loopback, load average ${loadText(loadAtStart)}`,
    );
    const dispatch = await ingress(cluster, redis);
    console.log(
      `ingress: ${Math.round(dispatch.perSecond)} calls/s (${IN_FLIGHT} in flight), one at a time p50/p99 ${summary(dispatch.latency)} ms`,
    );
    const scale = [];
    for (const count of [1, 2, 4]) {
      const result = await workers(count, cluster, redis, env);
      scale.push(result);
      console.log(
        `${count} worker(s): ${result.perSecond.toFixed(1)} calls/s, call p50/p99 ${summary(result.duration)} ms, peak sessions ${result.peak.join('+')}`,
      );
    }
    const failed = await failover(cluster, redis, env);
    console.log(
      `failover over ${KILLS} kills (lease ${LEASE_MS} ms): taken over p50/p99 ${summary(failed.takeover)} ms, next answer ${summary(failed.answered)} ms`,
    );
    const load = { start: loadAtStart, end: os.loadavg() };
    console.log(`load average at the end: ${loadText(load.end)}`);
    if (values.write) {
      const file = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
      writeFileSync(
        file,
        replaceSection(readFileSync(file, 'utf8'), 'cluster', render(dispatch, scale, failed, load)),
      );
      console.log(`wrote the cluster section of ${file}`);
    }
  } finally {
    redis.disconnect();
    await cluster.close();
    await model.close();
    await server.stop();
  }
}

/** The 1, 5 and 15 minute load averages. */
/** What adding worker processes did to the rate, in words (the rows are 1, 2 and 4 workers). */
function scalingText(scale: readonly { readonly count: number; readonly perSecond: number }[]): string {
  const rate = (count: number) => scale.find((row) => row.count === count)?.perSecond ?? Number.NaN;
  const change = (from: number, to: number) => {
    const ratio = rate(to) / rate(from);
    if (ratio > 1.1) return `${to} workers are faster than ${from} (${ratio.toFixed(2)}×)`;
    if (ratio < 0.9) return `${to} workers are slower than ${from} (${ratio.toFixed(2)}×)`;
    return `${to} workers run at the rate of ${from} (${ratio.toFixed(2)}×)`;
  };
  return `${change(1, 2)} and ${change(2, 4)}: more processes than cores fight over them`;
}

const loadText = (load: readonly number[]) => load.map((value) => value.toFixed(1)).join(' / ');

function render(
  dispatch: Awaited<ReturnType<typeof ingress>>,
  scale: Awaited<ReturnType<typeof workers>>[],
  failed: Awaited<ReturnType<typeof failover>>,
  load: { readonly start: readonly number[]; readonly end: readonly number[] },
): string {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
  // As the main report counts a machine busy (bench/src/report/machine.ts).
  const busy = (load.start[0] ?? 0) > 1 || (load.end[0] ?? 0) > os.cpus().length;
  return `## Cluster: ingress, workers, failover

\`pnpm --filter @switchboard/bench bench:cluster -- --write\` (Node ${process.version}, ${os.cpus().length} cores, loopback).
A \`redis-server\` of its own; the model is local-realtime (scripted, no audio) in the bench's own
process, and so are all the simulated callers. On a machine with ${os.cpus().length} cores, the bench,
the model, Redis and every worker share them: the figures say what the cluster costs, not how far
more hosts take it (see [scaling](./scaling.md) for sizing). Load average (1 / 5 / 15 min)
${loadText(load.start)} when the run started, ${loadText(load.end)} when it ended${busy ? ': other work shared the machine, so the figures are lower than on a quiet one' : ''}.

**Ingress**: \`cluster.dispatch()\` (schema check, then one Lua script: the call id's marker and the \`XADD\`) — **${Math.round(dispatch.perSecond)} calls/s** with
${IN_FLIGHT} dispatches in flight; one at a time p50 / p99 ${summary(dispatch.latency)} ms.

**Workers**: ${CALLS} calls dispatched at once, each a two-turn conversation (a tool call and its
answer, then a plain turn) and a hang-up, through the calls' Redis streams.

| worker processes | calls/s | call duration p50 / p99 (ms) | peak sessions per worker | memory per session (MB, RSS) |
| --- | --- | --- | --- | --- |
${scale
  .map(
    (row) =>
      `| ${row.count} | ${row.perSecond.toFixed(1)} | ${summary(row.duration)} | ${row.peak.join(', ')} | ${row.rssPerSession.map(mb).join(', ')} |`,
  )
  .join('\n')}

What this says on 2 cores: every row is bound by the two cores, not by the cluster. The model
(which writes every answer), the ${CALLS} callers, Redis and the workers all run on them, so ${scalingText(scale)}. *Peak sessions per worker* is how many calls each
held at once, all of them arriving together with room for 1000: the consumer group spreads a burst
over every worker waiting on it (each takes at most two calls per read). Memory per session is the
worker's RSS growth over its peak sessions: about 0.1 MB; snapshots, journals and streams live in
Redis, not in the worker. On more cores and hosts, workers scale with the cores they get; the limit
per process is core's (see [Scale](#_4-scale)).

**Failover**: ${KILLS} times, a worker holding a call in the middle of its conversation is killed with
SIGKILL while the caller goes on talking (lease ${LEASE_MS} ms). *Taken over*: from the kill to another
worker taking the call (its stream entry idle past the lease, claimed with \`XAUTOCLAIM\`, the snapshot
read, the session resumed); *next answer*: to the caller's next answer, from the new worker.

| taken over p50 / p99 (ms) | next answer p50 / p99 (ms) |
| --- | --- |
| ${summary(failed.takeover)} | ${summary(failed.answered)} |

Failover time is the lease plus at most one claim poll (a quarter of the lease, at most 1 s): with the
default 10 s lease, expect about 10–11 s. A shorter lease fails over faster and renews more often
(every third of it, one \`EVALSHA\` per worker for all its calls).`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
