export type { CallAttach, CallRecord } from './call-record.js';
export {
  CallLostError,
  ClusterError,
  type ClusterErrorCode,
  ClusterOptionError,
  type ContextIssue,
  ContextTooLargeError,
  DispatchError,
  InvalidAttachError,
  InvalidContextError,
  UnknownSwarmError,
} from './errors.js';
export { type Cluster, type ClusterOptions, createCluster, type DispatchRequest } from './ingress/cluster.js';
export { ClusterCall } from './ingress/cluster-call.js';
export { type ClusterSipCallsOptions, type ClusterSipRoute, clusterSipCalls } from './ingress/sip-ingress.js';
export { type ClusterKeys, clusterKeys } from './keys.js';
export type { RedisTarget } from './redis/connection.js';
export { redisStore } from './redis/redis-store.js';
export { type ClusterStatus, formatStatus, type WorkerStatus } from './status.js';
export {
  type ClusterSwarm,
  type ClusterSwarms,
  DEFAULT_MAX_CONTEXT_BYTES,
  defineClusterSwarm,
  type SwarmCall,
} from './swarms.js';
export type { WorkerModel } from './worker/attach.js';
export type { CallEvent, CallInput, CallSnapshot } from './worker/call-state.js';
export type { WorkerHeartbeat } from './worker/leases.js';
export type { WorkerMetrics } from './worker/metrics.js';
export { type DrainResult, startWorker, type Worker, type WorkerOptions } from './worker/worker.js';
