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
import { CLUSTER_ATTR, CLUSTER_METRIC, CLUSTER_SCOPE_NAME } from './names.js';

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

/** Name, description and kind of each instrument; the unit of all is `{call}`. */
const WORKER_INSTRUMENTS = {
  activeCalls: [CLUSTER_METRIC.activeCalls, 'Calls running on the worker', 'up_down'],
  capacity: [CLUSTER_METRIC.capacity, 'The most calls the worker runs at once', 'up_down'],
  started: [CLUSTER_METRIC.started, 'Calls the worker took: new, or resumed from another worker', 'counter'],
  ended: [
    CLUSTER_METRIC.ended,
    'Calls that left the worker: completed, lost to another worker, handed over by a drain',
    'counter',
  ],
} as const;

const CLUSTER_INSTRUMENTS = {
  waiting: [
    CLUSTER_METRIC.waiting,
    'Calls dispatched that no worker has claimed yet (the consumer group lag)',
    'up_down',
  ],
  running: [CLUSTER_METRIC.running, 'Calls claimed by a worker and not finished', 'up_down'],
  orphaned: [
    CLUSTER_METRIC.orphaned,
    'Running calls whose worker is gone (they fail over once their lease runs out)',
    'up_down',
  ],
} as const;

type InstrumentTable = Record<
  string,
  readonly [name: string, description: string, kind: 'counter' | 'up_down']
>;
type Instruments<T extends InstrumentTable> = { readonly [K in keyof T]: Observable };

/** The instruments of each meter and table, made once (a process may run several workers on one meter). */
const made = new WeakMap<Meter, Map<InstrumentTable, Instruments<InstrumentTable>>>();

function instrumentsOf<T extends InstrumentTable>(meter: Meter, table: T): Instruments<T> {
  const ofMeter = made.get(meter) ?? new Map<InstrumentTable, Instruments<InstrumentTable>>();
  made.set(meter, ofMeter);
  let instruments = ofMeter.get(table) as Instruments<T> | undefined;
  if (!instruments) {
    const entries = Object.entries(table).map(([key, [name, description, kind]]) => {
      const options = { description, unit: '{call}' };
      const instrument =
        kind === 'counter'
          ? meter.createObservableCounter(name, options)
          : meter.createObservableUpDownCounter(name, options);
      return [key, instrument] as const;
    });
    instruments = Object.fromEntries(entries) as Instruments<T>;
    ofMeter.set(table, instruments);
  }
  return instruments;
}

/** Observes the instruments with `observe` at each collection, until `stop()`. */
function observeAt<T extends InstrumentTable>(
  meter: Meter,
  instruments: Instruments<T>,
  observe: (result: BatchObservableResult) => void | Promise<void>,
): MetricsRecording {
  const observed = Object.values(instruments) as Observable[];
  meter.addBatchObservableCallback(observe, observed);
  return { stop: () => meter.removeBatchObservableCallback(observe, observed) };
}

function meterOf(options: ClusterMetricsOptions): Meter {
  return (options.meterProvider ?? metrics.getMeterProvider()).getMeter(CLUSTER_SCOPE_NAME);
}

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
  const instruments = instrumentsOf(meter, WORKER_INSTRUMENTS);
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
  return observeAt(meter, instruments, observe);
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
  const instruments = instrumentsOf(meter, CLUSTER_INSTRUMENTS);
  const base: Attributes = { ...options.attributes };
  const observe = async (result: BatchObservableResult) => {
    const status = await cluster.status().catch(() => undefined);
    if (!status) return;
    result.observe(instruments.waiting, status.waiting, base);
    result.observe(instruments.running, status.running, base);
    result.observe(instruments.orphaned, status.orphaned, base);
  };
  return observeAt(meter, instruments, observe);
}
