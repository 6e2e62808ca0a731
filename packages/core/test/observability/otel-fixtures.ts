import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ServerEvent } from '../../src/index.js';
import type { Usage } from '../../src/protocol/index.js';
import type { ScriptedResponse } from '../../src/testing/index.js';

/** A metric reader the test pulls from (no timers, no export). */
class PullReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Point values of one metric, by data point: its attributes and value (a sum, or a histogram). */
export interface MetricPoint {
  readonly attributes: Record<string, unknown>;
  readonly value: number | { readonly count: number; readonly sum: number };
}

/**
 * An OpenTelemetry SDK for one test: spans into an in-memory exporter, metrics pulled on demand, and
 * the async-hooks context manager (as the Node SDK registers it) so spans nest across `await`.
 */
export function createTestSdk() {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new PullReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    /** The finished span named `name` (the first, or the one whose attributes match `where`). */
    span(name: string, where: Record<string, unknown> = {}): ReadableSpan {
      const found = exporter
        .getFinishedSpans()
        .find(
          (span) =>
            span.name === name &&
            Object.entries(where).every(([key, value]) => span.attributes[key] === value),
        );
      if (!found) throw new Error(`no finished span ${name} ${JSON.stringify(where)}`);
      return found;
    },
    async metric(name: string): Promise<MetricPoint[]> {
      const { resourceMetrics } = await reader.collect();
      return pointsOf(resourceMetrics, name);
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      context.disable();
      trace.disable();
    },
  };
}

function pointsOf(resourceMetrics: ResourceMetrics, name: string): MetricPoint[] {
  const metric = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((candidate) => candidate.descriptor.name === name);
  return (metric?.dataPoints ?? []).map((point) => ({
    attributes: { ...point.attributes },
    value:
      typeof point.value === 'number'
        ? point.value
        : { count: (point.value as { count: number }).count, sum: (point.value as { sum: number }).sum },
  }));
}

/** The parent span id of `span` (SDK 2.x keeps it in `parentSpanContext`). */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** The recorded GA usage of `openai-openapi-ga.jsonl`'s first response (cached text, audio in and out). */
export { usage as RECORDED_USAGE } from '../protocol/fixtures.js';

/** `response`'s events with `usage` on its `response.done`, as the API reports it. */
export function withUsage(response: ScriptedResponse, usage: Usage): ServerEvent[] {
  return response.events.map((event) =>
    event.type === 'response.done' ? { ...event, response: { ...event.response, usage } } : event,
  );
}
