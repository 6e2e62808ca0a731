import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { SessionTelemetry } from '@switchboard/core';
import type { Observable } from 'rxjs';
import { readCallRecord } from '../call-record.js';
import { ClusterOptionError } from '../errors.js';
import { clusterKeys } from '../keys.js';
import { closeRedis, connectRedis, type RedisTarget } from '../redis/connection.js';
import { storeOn } from '../redis/redis-store.js';
import { clusterScripts } from '../redis/scripts.js';
import { ensureGroup } from '../redis/streams.js';
import type { ClusterSwarms } from '../swarms.js';
import type { WorkerModel } from './attach.js';
import { type CallHost, CallRunner } from './call-runner.js';
import { InputReader } from './inputs.js';
import { LeaseKeeper } from './leases.js';
import { MetricsBoard, type WorkerMetrics } from './metrics.js';

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  /** Redis (or Valkey): a `redis://` URL or ioredis options. */
  readonly redis: RedisTarget;
  /** Prefix of every key (default `sb`); the ingress must use the same. */
  readonly prefix?: string;
  /** The swarms this worker runs, by name (the same registry as the ingress). */
  readonly swarms: ClusterSwarms;
  /** The most calls this worker runs at once (a positive integer). */
  readonly capacity: number;
  /** How the worker reaches the model for each kind of call. */
  readonly model: WorkerModel;
  /** This worker's id in the consumer group and in `status` (default: host, pid and a random suffix). */
  readonly id?: string;
  /**
   * How long a call stays this worker's without a renewal (default 10 s). Renewed every third of it;
   * after it, another worker takes the call over. Failover takes about this long.
   */
  readonly leaseMs?: number;
  /** Passed to each session (see core's `toolTimeoutMs`). */
  readonly toolTimeoutMs?: number;
  /**
   * Passed to each call's session (core's `telemetry`): `openTelemetry()` from
   * `@switchboard/core/otel` traces every call and records its session metrics. The worker's own
   * numbers go to OpenTelemetry with `recordWorkerMetrics` (`@switchboard/cluster/otel`).
   */
  readonly telemetry?: SessionTelemetry;
  /** How long a finished call's keys stay in Redis (default one hour). */
  readonly retentionMs?: number;
  /** Everything that goes wrong and is not a call's own business (sessions' errors, lost calls, Redis). */
  readonly onError?: (error: Error) => void;
}

/** What {@link Worker.drain} did. */
export interface DrainResult {
  /** Calls that ended here while draining. */
  readonly completed: number;
  /** Calls put back for other workers when the time was up. */
  readonly handedOver: number;
}

/**
 * A worker process's handle: it claims dispatched calls up to its capacity, runs them, renews their
 * leases, and takes over calls of workers that died.
 *
 * @example
 * ```ts
 * import { type ClusterSwarms, startWorker } from '@switchboard/cluster';
 * import '@switchboard/transport-websocket';
 *
 * declare const swarms: ClusterSwarms;
 * const worker = await startWorker({
 *   redis: 'redis://127.0.0.1:6379',
 *   swarms,
 *   capacity: 200,
 *   model: { websocket: { type: 'websocket', dialect: 'ga' } },
 * });
 * process.on('SIGTERM', () => void worker.drain({ timeoutMs: 30_000 }).then(() => process.exit(0)));
 * ```
 */
export interface Worker {
  readonly id: string;
  /** Load and counts now. */
  readonly metrics: WorkerMetrics;
  /** Load and counts, on every change (replays the current value). */
  readonly metrics$: Observable<WorkerMetrics>;
  /**
   * Takes no new calls, lets running ones finish for up to `timeoutMs` (default 30 s), then hands the
   * rest over: each at a quiet point (no response in progress, no tool running; up to 30 s more), it is
   * detached (the call stays on) and put back in the stream, where another worker takes it at once and
   * resumes it. Then the worker stops.
   */
  drain(options?: { readonly timeoutMs?: number }): Promise<DrainResult>;
  /** `drain({ timeoutMs: 0 })`: hands every running call over at its next quiet point and stops. */
  close(): Promise<DrainResult>;
}

const DEFAULT_LEASE_MS = 10_000;
const DEFAULT_RETENTION_MS = 60 * 60 * 1000;
/** Calls claimed per read of the stream. */
const CLAIM_BATCH = 2;
/** Events kept in a call's output stream. */
const MAX_CALL_EVENTS = 1_000;

/**
 * Starts a worker (see {@link Worker}). Resolves once it is in the consumer group and claiming.
 *
 * @example
 * ```ts
 * import { type ClusterSwarms, startWorker } from '@switchboard/cluster';
 * import OpenAI from 'openai';
 *
 * declare const swarms: ClusterSwarms;
 * const worker = await startWorker({ redis: process.env.REDIS_URL!, swarms, capacity: 100, model: { client: new OpenAI() } });
 * ```
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { capacity } = options;
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new ClusterOptionError('capacity', capacity, 'a positive integer');
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  if (!Number.isFinite(leaseMs) || leaseMs < 100)
    throw new ClusterOptionError('leaseMs', leaseMs, 'a number of milliseconds, at least 100');
  const id = options.id ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const keys = clusterKeys(options.prefix);
  const onError = options.onError ?? (() => {});
  const command = connectRedis(options.redis, `switchboard:${id}`);
  const reader = connectRedis(options.redis, `switchboard:${id}:claims`);
  const inputConnection = connectRedis(options.redis, `switchboard:${id}:inputs`);
  // A worker must not crash on a Redis hiccup: errors are reported, ioredis reconnects.
  for (const connection of [command, reader, inputConnection]) connection.on('error', onError);
  const scripts = clusterScripts(command);
  await ensureGroup(command, keys);

  const host: CallHost = {
    redis: command,
    scripts,
    keys,
    worker: id,
    swarms: options.swarms,
    model: options.model,
    store: storeOn(command, scripts, keys.shared('')),
    states: storeOn(command, scripts, ''),
    toolTimeoutMs: options.toolTimeoutMs,
    telemetry: options.telemetry,
    retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
    maxEvents: MAX_CALL_EVENTS,
    error: onError,
  };
  const calls = new Map<string, CallRunner>();
  const metrics = new MetricsBoard(id, capacity);
  const inputs = new InputReader(inputConnection, command, keys, id, onError);
  const leases = new LeaseKeeper({
    redis: command,
    scripts,
    keys,
    worker: id,
    leaseMs,
    capacity,
    calls,
    metrics,
    error: onError,
  });
  let draining = false;
  let slotFreed: () => void = () => {};
  const blockMs = Math.max(50, Math.min(1_000, Math.floor(leaseMs / 4)));

  const startCall = (entryId: string, fields: readonly string[]) => {
    const record = readCallRecord(fields);
    if (!record || calls.has(record.id)) {
      // Not a call, or a second entry of a call this worker runs: nothing to run.
      command.multi().xack(keys.calls, keys.group, entryId).xdel(keys.calls, entryId).exec().catch(onError);
      return;
    }
    const runner = new CallRunner(host, record, entryId);
    calls.set(record.id, runner);
    metrics.set({ active: calls.size });
    metrics.count('started');
    runner.exited.then((exit) => {
      calls.delete(record.id);
      inputs.remove(record.id);
      metrics.set({ active: calls.size });
      metrics.count(exit === 'completed' ? 'completed' : exit === 'lost' ? 'lost' : 'handedOver');
      slotFreed();
    }, onError);
    runner
      .start()
      .then((resumed) => {
        if (resumed) metrics.count('resumed');
        if (runner.readsInput && calls.get(record.id) === runner) inputs.add(runner);
      })
      .catch((error: unknown) => {
        // Redis failed under it: leave the call to its lease (it is retried, here or elsewhere).
        onError(error as Error);
        runner.lose();
      });
  };

  const putBack = async (entries: readonly [string, string[]][]) => {
    for (const [entryId, fields] of entries) {
      const record = readCallRecord(fields);
      if (record)
        await scripts.handOver(
          { stream: keys.calls, settled: keys.settled(record.id) },
          { group: keys.group, worker: id, entryId },
          JSON.stringify(record),
        );
    }
  };

  const claimLoop = async () => {
    while (!draining) {
      if (calls.size >= capacity) {
        await new Promise<void>((resolve) => {
          slotFreed = resolve;
          setTimeout(resolve, blockMs).unref();
        });
        continue;
      }
      try {
        // Small batches: a worker with room takes a few calls at a time, so a burst spreads over every
        // worker waiting in the group instead of filling the first one to ask.
        const free = Math.min(capacity - calls.size, CLAIM_BATCH);
        // Calls of workers whose lease ran out first, then new ones.
        const [, claimed, deleted] = (await command.xautoclaim(
          keys.calls,
          keys.group,
          id,
          leaseMs,
          '0-0',
          'COUNT',
          free,
        )) as [string, [string, string[]][], string[]];
        if (deleted.length > 0) await command.xack(keys.calls, keys.group, ...deleted);
        let entries = claimed.filter((entry) => entry[1] !== null);
        if (entries.length === 0) {
          const read = (await reader.xreadgroup(
            'GROUP',
            keys.group,
            id,
            'COUNT',
            free,
            'BLOCK',
            blockMs,
            'STREAMS',
            keys.calls,
            '>',
          )) as [string, [string, string[]][]][] | null;
          entries = read?.[0]?.[1] ?? [];
        }
        if (draining) await putBack(entries);
        else for (const [entryId, fields] of entries) startCall(entryId, fields);
      } catch (error) {
        if (draining) return;
        onError(error as Error);
        await new Promise((resolve) => setTimeout(resolve, blockMs));
      }
    }
  };

  const claiming = claimLoop();
  const reading = inputs.run();
  leases.start();

  let drained: Promise<DrainResult> | undefined;
  const drain = async (timeoutMs: number): Promise<DrainResult> => {
    draining = true;
    metrics.set({ draining: true });
    slotFreed();
    await leases.heartbeat(true);
    const before = metrics.value.completed;
    const allDone = Promise.all([...calls.values()].map((call) => call.exited));
    await Promise.race([allDone, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    await claiming;
    const remaining = [...calls.values()];
    await Promise.all(remaining.map((call) => call.handOver().catch(onError)));
    leases.stop();
    inputs.stop();
    await leases.leave();
    await Promise.allSettled([reading]);
    await Promise.all([command, reader, inputConnection].map(closeRedis));
    metrics.complete();
    return { completed: metrics.value.completed - before, handedOver: remaining.length };
  };

  return {
    id,
    get metrics() {
      return metrics.value;
    },
    metrics$: metrics.metrics$,
    drain(drainOptions = {}) {
      drained ??= drain(drainOptions.timeoutMs ?? 30_000);
      return drained;
    },
    close() {
      drained ??= drain(0);
      return drained;
    },
  };
}
