import {
  type Attributes,
  type BatchObservableResult,
  type Meter,
  type MeterProvider,
  metrics,
  type Observable,
} from '@opentelemetry/api';
import type { Cluster } from '../ingress/cluster.js';
import type { CallExit } from '../worker/call-runner.js';
import type { Worker } from '../worker/worker.js';

/** The instrumentation scope's name (the meter's), as core's is `@switchboard/core`. */
export const CLUSTER_SCOPE_NAME = '@switchboard/cluster';

/**
 * The attribute names of the cluster's metrics, in the `switchboard.*` namespace of core's `ATTR`
 * (`@switchboard/core/otel`).
 *
 * @example
 * ```ts
 * import { CLUSTER_ATTR } from '@switchboard/cluster/otel';
 *
 * // A view or a query that splits the calls a worker took into new and resumed ones.
 * const byResumed = [CLUSTER_ATTR.workerId, CLUSTER_ATTR.callResumed];
 * ```
 */
export const CLUSTER_ATTR = {
  /** The worker's id (`startWorker({ id })`), as `switchboard-cluster status` shows it. */
  workerId: 'switchboard.cluster.worker.id',
  /** On `calls.started`: the call was another worker's before (failover or hand-over). */
  callResumed: 'switchboard.cluster.call.resumed',
  /** On `calls.ended`: how the call left the worker (`completed`, `lost`, `handed_over`). */
  callExit: 'switchboard.cluster.call.exit',
} as const;

/**
 * The instruments' names (see docs/observability.md for kinds, units and attributes).
 *
 * @example
 * ```ts
 * import { CLUSTER_METRIC } from '@switchboard/cluster/otel';
 *
 * const alertOn = CLUSTER_METRIC.waiting; // calls no worker has claimed yet: the lag
 * ```
 */
export const CLUSTER_METRIC = {
  activeCalls: 'switchboard.cluster.worker.active_calls',
  capacity: 'switchboard.cluster.worker.capacity',
  started: 'switchboard.cluster.calls.started',
  ended: 'switchboard.cluster.calls.ended',
  waiting: 'switchboard.cluster.calls.waiting',
  running: 'switchboard.cluster.calls.running',
  orphaned: 'switchboard.cluster.calls.orphaned',
} as const;

/** Where the metrics go. */
export interface ClusterMetricsOptions {
  /** Default: the global one (`metrics.getMeterProvider()`, set by the Node SDK's `start()`). */
  readonly meterProvider?: MeterProvider;
  /** Added to every data point (a region, a deployment). */
  readonly attributes?: Attributes;
}

/** Metrics being recorded; `stop()` removes their callback (nothing more is observed). */
export interface MetricsRecording {
  stop(): void;
}

interface WorkerInstruments {
  readonly activeCalls: Observable;
  readonly capacity: Observable;
  readonly started: Observable;
  readonly ended: Observable;
}

interface ClusterInstruments {
  readonly waiting: Observable;
  readonly running: Observable;
  readonly orphaned: Observable;
}

/** The instruments of each meter, made once (a process may run several workers on one meter). */
const workerInstruments = new WeakMap<Meter, WorkerInstruments>();
const clusterInstruments = new WeakMap<Meter, ClusterInstruments>();

function once<T>(cache: WeakMap<Meter, T>, meter: Meter, create: (meter: Meter) => T): T {
  let made = cache.get(meter);
  if (!made) {
    made = create(meter);
    cache.set(meter, made);
  }
  return made;
}

function meterOf(options: ClusterMetricsOptions): Meter {
  return (options.meterProvider ?? metrics.getMeterProvider()).getMeter(CLUSTER_SCOPE_NAME);
}

const CALL = '{call}';

/**
 * Records a worker's load and what happened to its calls (its `metrics$`) as OpenTelemetry metrics,
 * observed at each collection: `switchboard.cluster.worker.active_calls` and `.capacity`
 * (up-down counters), `switchboard.cluster.calls.started` (by `resumed`) and `.ended` (by `exit`),
 * each with the worker's id. A drained worker's last numbers are reported until `stop()` (a process
 * that lives on after its worker should call it).
 *
 * @example
 * ```ts
 * import { type ClusterSwarms, startWorker } from '@switchboard/cluster';
 * import { recordWorkerMetrics } from '@switchboard/cluster/otel';
 * import { openTelemetry } from '@switchboard/core/otel';
 *
 * declare const swarms: ClusterSwarms;
 * const worker = await startWorker({
 *   redis: 'redis://127.0.0.1:6379',
 *   swarms,
 *   capacity: 200,
 *   model: { websocket: { type: 'websocket', dialect: 'ga' } },
 *   telemetry: openTelemetry(), // each call's spans and session metrics
 * });
 * recordWorkerMetrics(worker); // the global meter provider, e.g. from the Node SDK
 * ```
 */
export function recordWorkerMetrics(worker: Worker, options: ClusterMetricsOptions = {}): MetricsRecording {
  const meter = meterOf(options);
  const instruments = once(workerInstruments, meter, (on) => ({
    activeCalls: on.createObservableUpDownCounter(CLUSTER_METRIC.activeCalls, {
      description: 'Calls running on the worker',
      unit: CALL,
    }),
    capacity: on.createObservableUpDownCounter(CLUSTER_METRIC.capacity, {
      description: 'The most calls the worker runs at once',
      unit: CALL,
    }),
    started: on.createObservableCounter(CLUSTER_METRIC.started, {
      description: 'Calls the worker took: new, or resumed from another worker',
      unit: CALL,
    }),
    ended: on.createObservableCounter(CLUSTER_METRIC.ended, {
      description: 'Calls that left the worker: completed, lost to another worker, handed over by a drain',
      unit: CALL,
    }),
  }));
  const base: Attributes = { ...options.attributes, [CLUSTER_ATTR.workerId]: worker.id };
  const exits: Record<CallExit, 'completed' | 'lost' | 'handedOver'> = {
    completed: 'completed',
    lost: 'lost',
    handed_over: 'handedOver',
  };
  const observe = (result: BatchObservableResult) => {
    const now = worker.metrics;
    result.observe(instruments.activeCalls, now.active, base);
    result.observe(instruments.capacity, now.capacity, base);
    result.observe(instruments.started, now.started - now.resumed, {
      ...base,
      [CLUSTER_ATTR.callResumed]: false,
    });
    result.observe(instruments.started, now.resumed, { ...base, [CLUSTER_ATTR.callResumed]: true });
    for (const [exit, count] of Object.entries(exits))
      result.observe(instruments.ended, now[count], { ...base, [CLUSTER_ATTR.callExit]: exit });
  };
  const observed = Object.values(instruments);
  meter.addBatchObservableCallback(observe, observed);
  return { stop: () => meter.removeBatchObservableCallback(observe, observed) };
}

/**
 * Records the cluster's queue as OpenTelemetry metrics, read from Redis (`cluster.status()`) at each
 * collection: `switchboard.cluster.calls.waiting` (dispatched, not claimed yet: the lag), `.running`
 * and `.orphaned` (running on a worker that is gone), as up-down counters. A collection while Redis
 * cannot be read records no point for them.
 *
 * @example
 * ```ts
 * import { type ClusterSwarms, createCluster } from '@switchboard/cluster';
 * import { recordClusterMetrics } from '@switchboard/cluster/otel';
 *
 * declare const swarms: ClusterSwarms;
 * const cluster = await createCluster({ redis: 'redis://127.0.0.1:6379', swarms });
 * const recording = recordClusterMetrics(cluster);
 * // At shutdown, before cluster.close():
 * recording.stop();
 * ```
 */
export function recordClusterMetrics(
  cluster: Cluster,
  options: ClusterMetricsOptions = {},
): MetricsRecording {
  const meter = meterOf(options);
  const instruments = once(clusterInstruments, meter, (on) => ({
    waiting: on.createObservableUpDownCounter(CLUSTER_METRIC.waiting, {
      description: 'Calls dispatched that no worker has claimed yet (the consumer group lag)',
      unit: CALL,
    }),
    running: on.createObservableUpDownCounter(CLUSTER_METRIC.running, {
      description: 'Calls claimed by a worker and not finished',
      unit: CALL,
    }),
    orphaned: on.createObservableUpDownCounter(CLUSTER_METRIC.orphaned, {
      description: 'Running calls whose worker is gone (they fail over once their lease runs out)',
      unit: CALL,
    }),
  }));
  const base: Attributes = { ...options.attributes };
  const observe = async (result: BatchObservableResult) => {
    const status = await cluster.status().catch(() => undefined);
    if (!status) return;
    result.observe(instruments.waiting, status.waiting, base);
    result.observe(instruments.running, status.running, base);
    result.observe(instruments.orphaned, status.orphaned, base);
  };
  const observed = Object.values(instruments);
  meter.addBatchObservableCallback(observe, observed);
  return { stop: () => meter.removeBatchObservableCallback(observe, observed) };
}
