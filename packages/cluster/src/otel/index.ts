export {
  type ClusterMetricsOptions,
  type MetricsRecording,
  recordClusterMetrics,
  recordWorkerMetrics,
} from './cluster-metrics.js';
export { CLUSTER_ATTR, CLUSTER_METRIC, CLUSTER_SCOPE_NAME } from './names.js';
