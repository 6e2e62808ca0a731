import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { SessionTelemetry } from '@switchboard/core';
import { openTelemetry } from '@switchboard/core/otel';
import { observedSwitchboardSession } from './switchboard.js';
import type { SessionFactory } from './types.js';

/** An exporter that drops what it is given: the SDK's whole pipeline runs, no network is involved. */
class DiscardingExporter extends InMemorySpanExporter {
  override export(_spans: ReadableSpan[], done: Parameters<InMemorySpanExporter['export']>[1]): void {
    super.export([], done);
  }
}

/**
 * Tracing off: `openTelemetry()` with no SDK registered, what an app that installs
 * `@opentelemetry/api` but never starts an SDK runs.
 */
export const tracingOffSession: SessionFactory = (url, setup, dial) =>
  observedSwitchboardSession('ours-tracing-off', openTelemetry(), url, setup, dial);

let sdkTelemetry: SessionTelemetry | undefined;

/**
 * Tracing on, as the Node SDK sets it up: the async-hooks context manager, a batch span processor
 * (here into an exporter that discards), and a meter provider recording every instrument.
 * Made on first use, so the other clients run without a context manager.
 */
function withSdk(): SessionTelemetry {
  if (!sdkTelemetry) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const tracerProvider = new BasicTracerProvider({
      spanProcessors: [new BatchSpanProcessor(new DiscardingExporter())],
    });
    // Instruments aggregate as they record; the export itself never comes during a run.
    const reader = new PeriodicExportingMetricReader({
      exporter: new ConsoleMetricExporter(),
      exportIntervalMillis: 2 ** 31 - 1,
      exportTimeoutMillis: 30_000,
    });
    sdkTelemetry = openTelemetry({ tracerProvider, meterProvider: new MeterProvider({ readers: [reader] }) });
  }
  return sdkTelemetry;
}

/** Tracing on: every session, turn, response and tool-call span made and batched, every metric recorded. */
export const tracingOnSession: SessionFactory = (url, setup, dial) =>
  observedSwitchboardSession('ours-tracing-on', withSdk(), url, setup, dial);
