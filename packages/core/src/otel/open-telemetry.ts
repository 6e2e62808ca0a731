import {
  type Attributes,
  createNoopMeter,
  type Meter,
  type MeterProvider,
  metrics,
  type ProxyTracerProvider,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import type { SessionTelemetry, SessionTelemetryScope } from '../observability/telemetry.js';
import { SCOPE_NAME } from './attributes.js';
import { createInstruments, recordSession, type SessionInstruments } from './session-instruments.js';
import { traceSession } from './session-spans.js';

/** Where `openTelemetry()` sends spans and metrics, and what it records. */
export interface OpenTelemetryOptions {
  /** Default: the global one (`trace.getTracerProvider()`, set by the Node SDK's `start()`). */
  readonly tracerProvider?: TracerProvider;
  /** Default: the global one (`metrics.getMeterProvider()`). */
  readonly meterProvider?: MeterProvider;
  /**
   * Puts tool arguments (`gen_ai.tool.call.arguments`) and outputs (`gen_ai.tool.call.result`) on
   * tool-call spans. Off by default: they may hold what the caller said.
   */
  readonly recordContent?: boolean;
  /** Added to every session span (a tenant, a call id of yours, a deployment). */
  readonly attributes?: Attributes;
}

/** The instruments of each meter, made once (instruments are meant to be reused, not made per session). */
const instrumentsByMeter = new WeakMap<Meter, SessionInstruments>();

/**
 * Spans and metrics for sessions, with OpenTelemetry: pass it as a session's `telemetry`. Spans:
 * `realtime.session` → `realtime.turn` → `realtime.response` → `execute_tool {name}` and
 * `realtime.handoff`; `realtime.reconnect` under the session. A tool's own spans (HTTP, database)
 * nest under its tool-call span. Metrics: time to first delta, turn and tool durations, handoffs,
 * responses, reconnects, tokens and cost.
 *
 * With no SDK registered (and no provider passed) it starts no span and records nothing: the
 * session only checks, once, that there is nowhere to send them.
 *
 * @example
 * ```ts
 * import { defineAgent, RealtimeSession, type RealtimeTransport } from '@switchboard/core';
 * import { openTelemetry } from '@switchboard/core/otel';
 *
 * declare const transport: RealtimeTransport;
 * const telemetry = openTelemetry(); // the global providers, e.g. from the Node SDK
 * const agent = defineAgent({ name: 'Assistant', instructions: 'Be brief.' });
 * const session = new RealtimeSession({ agent, context: {}, transport, telemetry });
 * ```
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): SessionTelemetry {
  const spanOptions = { recordContent: options.recordContent ?? false, attributes: options.attributes ?? {} };
  return {
    attach(session): SessionTelemetryScope {
      const tracer = tracerOf(options.tracerProvider ?? trace.getTracerProvider());
      const meter = meterOf(options.meterProvider ?? metrics.getMeterProvider());
      if (meter) recordSession(session, instrumentsOf(meter));
      return tracer ? traceSession(session, tracer, spanOptions) : { inToolCall: (_callId, run) => run() };
    },
  };
}

/** The tracer, or `undefined` when the global provider has no SDK behind it (nothing would record). */
function tracerOf(provider: TracerProvider): Tracer | undefined {
  // Duck-typed: the global provider may come from another copy of the API package.
  return isProxy(provider) ? provider.getDelegateTracer(SCOPE_NAME) : provider.getTracer(SCOPE_NAME);
}

function isProxy(provider: TracerProvider): provider is ProxyTracerProvider {
  return typeof (provider as Partial<ProxyTracerProvider>).getDelegateTracer === 'function';
}

/** The meter, or `undefined` when it is the API's no-op meter (no SDK registered). */
function meterOf(provider: MeterProvider): Meter | undefined {
  const meter = provider.getMeter(SCOPE_NAME);
  return meter === createNoopMeter() ? undefined : meter;
}

function instrumentsOf(meter: Meter): SessionInstruments {
  let instruments = instrumentsByMeter.get(meter);
  if (!instruments) {
    instruments = createInstruments(meter);
    instrumentsByMeter.set(meter, instruments);
  }
  return instruments;
}
