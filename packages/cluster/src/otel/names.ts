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
