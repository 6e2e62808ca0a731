import '@switchboard/transport-websocket';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { type LocalRealtimeServer, startLocalRealtime } from '@switchboard/local-realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, createCluster, startWorker, type Worker } from '../src/index.js';
import {
  CLUSTER_METRIC,
  type MetricsRecording,
  recordClusterMetrics,
  recordWorkerMetrics,
} from '../src/otel/index.js';
import { startRedisServer, type TestRedisServer } from '../src/testing/index.js';
import { playCaller } from './fixtures/caller.js';
import { eventually } from './fixtures/eventually.js';
import { CALLER_SCRIPT, testBrain, testSwarms } from './fixtures/swarms.js';

// The cluster's numbers through OpenTelemetry: the SDK's in-memory exporter behind a reader the test
// flushes (its export interval is never reached).
const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
const meterProvider = new MeterProvider({ readers: [reader] });

/** The data points of metric `name` now: attributes and value, sorted by attributes. */
async function points(name: string): Promise<{ attributes: Record<string, unknown>; value: number }[]> {
  exporter.reset();
  await reader.forceFlush();
  const metric = (exporter.getMetrics().at(-1)?.scopeMetrics ?? [])
    .flatMap((scope) => scope.metrics)
    .find((candidate) => candidate.descriptor.name === name);
  return (metric?.dataPoints ?? [])
    .map((point) => ({ attributes: { ...point.attributes }, value: point.value as number }))
    .sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));
}

let redis: TestRedisServer;
let model: LocalRealtimeServer;
let cluster: Cluster;
const workers: Worker[] = [];
const recordings: MetricsRecording[] = [];

const modelConfig = () => ({
  websocket: { type: 'websocket' as const, dialect: 'ga' as const, url: model.url },
});
async function worker(id: string, capacity: number): Promise<Worker> {
  const started = await startWorker({
    redis: redis.url,
    swarms: testSwarms,
    capacity,
    model: modelConfig(),
    id,
  });
  workers.push(started);
  recordings.push(recordWorkerMetrics(started, { meterProvider }));
  return started;
}

beforeAll(async () => {
  redis = await startRedisServer();
  model = await startLocalRealtime({ brain: testBrain, audio: { pace: 'fast', voice: 'tone' } });
  cluster = await createCluster({ redis: redis.url, swarms: testSwarms });
  recordings.push(
    recordClusterMetrics(cluster, { meterProvider, attributes: { 'deployment.environment': 'test' } }),
  );
});
afterAll(async () => {
  for (const recording of recordings) recording.stop();
  await Promise.all(workers.map((started) => started.close()));
  await meterProvider.shutdown();
  await cluster?.close();
  await model?.close();
  await redis?.stop();
});

const env = { 'deployment.environment': 'test' };
const w = (id: string, more: Record<string, unknown> = {}) => ({
  'switchboard.cluster.worker.id': id,
  ...more,
});

describe('cluster metrics in OpenTelemetry', () => {
  it('records the lag, each worker’s load and how its calls came and went, through a drain', async () => {
    // No worker yet: the call waits in the stream.
    const call = await cluster.dispatch({
      swarm: 'support',
      context: { customerId: 'C-1' },
      callId: 'otel-1',
    });
    expect(await points(CLUSTER_METRIC.waiting)).toEqual([{ attributes: env, value: 1 }]);

    const first = await worker('w1', 2);
    const transcript = await playCaller(call, {
      onTurn: async (turn) => {
        if (turn !== 1) return;
        // Mid-call: w1 runs it; then w1 drains and hands it over to w2, which resumes it.
        expect(await points(CLUSTER_METRIC.activeCalls)).toEqual([{ attributes: w('w1'), value: 1 }]);
        expect(await points(CLUSTER_METRIC.running)).toEqual([{ attributes: env, value: 1 }]);
        expect(await points(CLUSTER_METRIC.waiting)).toEqual([{ attributes: env, value: 0 }]);
        await worker('w2', 3);
        await first.close();
      },
    });
    expect(transcript.answers).toEqual(CALLER_SCRIPT.map((line) => expect.stringMatching(line.answer)));
    await eventually(
      () => workers[1]?.metrics.completed,
      (completed) => completed === 1,
    );

    expect(await points(CLUSTER_METRIC.capacity)).toEqual([
      { attributes: w('w1'), value: 2 },
      { attributes: w('w2'), value: 3 },
    ]);
    expect(await points(CLUSTER_METRIC.activeCalls)).toEqual([
      { attributes: w('w1'), value: 0 },
      { attributes: w('w2'), value: 0 },
    ]);
    expect(await points(CLUSTER_METRIC.started)).toEqual([
      { attributes: w('w1', { 'switchboard.cluster.call.resumed': false }), value: 1 },
      { attributes: w('w1', { 'switchboard.cluster.call.resumed': true }), value: 0 },
      { attributes: w('w2', { 'switchboard.cluster.call.resumed': false }), value: 0 },
      { attributes: w('w2', { 'switchboard.cluster.call.resumed': true }), value: 1 },
    ]);
    expect(await points(CLUSTER_METRIC.ended)).toEqual([
      { attributes: w('w1', { 'switchboard.cluster.call.exit': 'completed' }), value: 0 },
      { attributes: w('w1', { 'switchboard.cluster.call.exit': 'handed_over' }), value: 1 },
      { attributes: w('w1', { 'switchboard.cluster.call.exit': 'lost' }), value: 0 },
      { attributes: w('w2', { 'switchboard.cluster.call.exit': 'completed' }), value: 1 },
      { attributes: w('w2', { 'switchboard.cluster.call.exit': 'handed_over' }), value: 0 },
      { attributes: w('w2', { 'switchboard.cluster.call.exit': 'lost' }), value: 0 },
    ]);
    const settled = await eventually(
      () => points(CLUSTER_METRIC.running),
      (running) => running[0]?.value === 0,
    );
    expect(settled).toEqual([{ attributes: env, value: 0 }]);
    expect(await points(CLUSTER_METRIC.orphaned)).toEqual([{ attributes: env, value: 0 }]);
  });

  it('uses the metric names and units of docs/observability.md', async () => {
    await reader.forceFlush();
    const descriptors = (exporter.getMetrics().at(-1)?.scopeMetrics ?? []).flatMap((scope) =>
      scope.metrics.map((metric) => [scope.scope.name, metric.descriptor.name, metric.descriptor.unit]),
    );
    expect(descriptors.sort()).toEqual(
      Object.values(CLUSTER_METRIC)
        .map((name) => ['@switchboard/cluster', name, '{call}'])
        .sort(),
    );
  });
});
