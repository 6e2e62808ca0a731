import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type BenchSession, type ClientName, SESSION_FACTORIES } from '../clients/index.js';
import { collectGarbage, sleep } from '../gc.js';
import type { ModelServer } from '../server/model-server.js';
import { workloadQuery } from '../server/workload.js';

/** How the scale benchmark runs. */
export interface ScaleOptions {
  readonly server: ModelServer;
  readonly clients: readonly ClientName[];
  /** Session counts to try, in increasing order. */
  readonly steps: readonly number[];
  /** How long each step runs under load, per session count. */
  readonly durationMs: (sessions: number) => number;
  /** Each session gets one tool call every `intervalMs` (at a random phase). */
  readonly intervalMs: number;
  /** Sessions connecting at the same time. */
  readonly connectBatch: number;
  /** Runs of every step; the clients take turns going first. */
  readonly repeats: number;
}

/** One step: one client, N sessions. */
export interface ScaleStep {
  readonly client: ClientName;
  readonly sessions: number;
  /** Which run of the step this is (0-based). */
  readonly run: number;
  /** Heap and RSS growth per connected, idle session (after GC), bytes. */
  readonly idleHeapPerSession: number;
  readonly idleRssPerSession: number;
  /** Same, after the load phase (the sessions now hold their conversation). */
  readonly loadedHeapPerSession: number;
  /** Event-loop delay of the benchmark process during the load phase, ms. */
  readonly loopLagP50Ms: number;
  readonly loopLagP99Ms: number;
  /** Round trips (server clock) during the load phase, ms. */
  readonly roundTripMs: number[];
  /** Ticks the server skipped because the session had not answered the previous call yet. */
  readonly skippedTicks: number;
  /** CPU time of this process per answered round trip during the load phase (user + system), µs. */
  readonly cpuPerRoundTripUs: number;
  /** The model server's event-loop delay p99 (ms): if high, the server limited the step, not the client. */
  readonly serverLagP99Ms: number;
  /** Seconds it took to connect all sessions. */
  readonly connectSeconds: number;
  readonly errors: number;
}

/**
 * N sessions of one framework in this process, each answering one `noop` call every `intervalMs`:
 * memory per idle session, event-loop lag and the round-trip distribution under that load. The
 * model runs in its own process, so only the clients are measured.
 *
 * @example
 * ```ts
 * const steps = await runScale({ server, clients: ['ours'], steps: [10, 100], durationMs: () => 5_000, intervalMs: 1_000, connectBatch: 50 });
 * ```
 */
export async function runScale(options: ScaleOptions): Promise<ScaleStep[]> {
  const steps: ScaleStep[] = [];
  for (const sessions of options.steps) {
    for (let run = 0; run < options.repeats; run++) {
      for (let i = 0; i < options.clients.length; i++) {
        const client = options.clients[(i + run) % options.clients.length] as ClientName;
        steps.push(await runStep(options, client, sessions, run));
      }
    }
  }
  return steps;
}

async function runStep(
  options: ScaleOptions,
  client: ClientName,
  count: number,
  run: number,
): Promise<ScaleStep> {
  const label = `scale-${client}-${count}-${Date.now()}`;
  const duration = options.durationMs(count);
  const query = workloadQuery({
    kind: 'tool',
    parallel: 1,
    rounds: Math.ceil(duration / options.intervalMs) + 2,
    intervalMs: options.intervalMs,
    label,
    hold: true,
  });
  collectGarbage();
  const base = process.memoryUsage();
  const sessions: BenchSession[] = [];
  const connectStarted = performance.now();
  try {
    for (let i = 0; i < count; i += options.connectBatch) {
      const batch = Array.from({ length: Math.min(options.connectBatch, count - i) }, () =>
        SESSION_FACTORIES[client](`${options.server.url}?${query}`, 'tool'),
      );
      sessions.push(...batch);
      await Promise.all(batch.map((session) => session.connect()));
    }
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    // Let the session.update / session.updated exchange settle before weighing idle sessions.
    await sleep(300);
    collectGarbage();
    const idle = process.memoryUsage();

    await options.server.take(label, 0, 0); // resets the server's lag histogram
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const cpu = process.cpuUsage();
    await options.server.release(label);
    await sleep(duration);
    const used = process.cpuUsage(cpu);
    lag.disable();
    const samples = await options.server.take(label, 0, 0);
    collectGarbage();
    const loaded = process.memoryUsage();
    return {
      client,
      sessions: count,
      run,
      idleHeapPerSession: (idle.heapUsed - base.heapUsed) / count,
      idleRssPerSession: (idle.rss - base.rss) / count,
      loadedHeapPerSession: (loaded.heapUsed - base.heapUsed) / count,
      loopLagP50Ms: lag.percentile(50) / 1e6,
      loopLagP99Ms: lag.percentile(99) / 1e6,
      roundTripMs: samples.roundTripMs,
      skippedTicks: samples.skippedTicks,
      cpuPerRoundTripUs: (used.user + used.system) / Math.max(1, samples.roundTripMs.length),
      serverLagP99Ms: samples.serverLagP99Ms,
      connectSeconds,
      errors: sessions.reduce((sum, session) => sum + session.errors.length, 0),
    };
  } finally {
    for (let i = 0; i < sessions.length; i += options.connectBatch) {
      await Promise.all(sessions.slice(i, i + options.connectBatch).map((session) => session.close()));
    }
    await sleep(200);
  }
}
