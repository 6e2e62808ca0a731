import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { defineAgent, RealtimeSession, type TurnMetrics, tool } from '@switchboard/core';
import { openTelemetry } from '@switchboard/core/otel';
import type { Usage } from '@switchboard/core/protocol';
import { websocketTransport } from '@switchboard/transport-websocket';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LocalRealtimeServer, scriptedBrain, startLocalRealtime } from '../src/index.js';

// Core's OpenTelemetry integration against the real local server at its realtime pace (text deltas
// 20 ms apart): the recorded numbers agree with what the server sent and with the pace it keeps.

const TOOL_MS = 100;
const REPLY = 'It is twenty one degrees in Oslo today.';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('OpenTelemetry against local-realtime', () => {
  it('records the turn, its tool call and the usage the server reported, at the pace it streamed', async () => {
    const server: LocalRealtimeServer = await startLocalRealtime({
      port: 0,
      audio: { pace: 'realtime', voice: 'tone' },
      brain: scriptedBrain([
        { user: /weather/i, call: { name: 'get_weather', arguments: { city: 'Oslo' } } },
        { toolOutput: 'get_weather', say: REPLY },
      ]),
    });
    cleanups.push(() => server.close());
    const spans = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({
      exporter: metricExporter,
      exportIntervalMillis: 60_000,
    });
    const meterProvider = new MeterProvider({ readers: [reader] });
    cleanups.push(() => meterProvider.shutdown());

    const getWeather = tool({
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        await new Promise((resolve) => setTimeout(resolve, TOOL_MS));
        return { city, celsius: 21 };
      },
    });
    const agent = defineAgent({
      name: 'Assistant',
      instructions: 'Be brief.',
      tools: [getWeather],
      session: { output_modalities: ['text'] },
    });
    const session = new RealtimeSession({
      agent,
      context: {},
      transport: websocketTransport({ dialect: 'ga', url: server.url }),
      telemetry: openTelemetry({ tracerProvider, meterProvider }),
    });
    const usages: Usage[] = [];
    const deltas: number[] = [];
    const turns: TurnMetrics[] = [];
    session.events$.subscribe((event) => {
      if (event.type === 'response.done' && event.response.usage) usages.push(event.response.usage);
      if (event.type === 'response.output_text.delta') deltas.push(performance.now());
    });
    session.metrics$.subscribe((metrics) => turns.push(metrics));
    await session.connect();
    const result = await session.sendText('What is the weather in Oslo?').done;
    await session.close();
    await reader.forceFlush();

    expect(result.text).toBe(REPLY);
    const [turn] = turns;
    if (!turn) throw new Error('no turn metrics');
    // The reply streamed one word per delta, 20 ms apart; the tool slept TOOL_MS before it.
    expect(deltas.length).toBe(REPLY.split(' ').length);
    expect(turn.toolCalls).toEqual([
      { name: 'get_weather', type: 'function', outcome: 'success', durationMs: expect.any(Number) },
    ]);
    expect(turn.toolCalls[0]?.durationMs).toBeGreaterThanOrEqual(TOOL_MS - 1);
    expect(turn.firstDeltaMs).toBeGreaterThanOrEqual(TOOL_MS - 1);
    expect(turn.durationMs).toBeGreaterThanOrEqual((turn.firstDeltaMs ?? 0) + (deltas.length - 1) * 20 - 5);
    // The tokens are the server's, summed over the turn's two responses.
    const input = usages.reduce((sum, usage) => sum + (usage.input_tokens ?? 0), 0);
    const output = usages.reduce((sum, usage) => sum + (usage.output_tokens ?? 0), 0);
    expect(usages).toHaveLength(2);
    expect(turn.tokens).toMatchObject({ input, output });

    const exported =
      metricExporter
        .getMetrics()
        .at(-1)
        ?.scopeMetrics.flatMap((scope) => scope.metrics) ?? [];
    const metric = (name: string) => exported.find((candidate) => candidate.descriptor.name === name);
    const tokenSum = (type: string) =>
      (metric('switchboard.tokens')?.dataPoints ?? [])
        .filter((point) => point.attributes['gen_ai.token.type'] === type)
        .reduce((sum, point) => sum + (point.value as number), 0);
    expect([tokenSum('input'), tokenSum('output')]).toEqual([input, output]);
    const toolPoint = metric('switchboard.tool.duration')?.dataPoints[0]?.value as {
      sum: number;
      count: number;
    };
    expect(toolPoint.count).toBe(1);
    expect(toolPoint.sum).toBeCloseTo((turn.toolCalls[0]?.durationMs ?? 0) / 1000, 9);
    const latency = metric('switchboard.turn.first_delta')?.dataPoints[0]?.value as { sum: number };
    expect(latency.sum).toBeCloseTo((turn.firstDeltaMs ?? 0) / 1000, 9);

    const names = spans.getFinishedSpans().map((span) => span.name);
    expect(names.sort()).toEqual(
      [
        'realtime.session',
        'realtime.turn',
        'realtime.response',
        'realtime.response',
        'execute_tool get_weather',
      ].sort(),
    );
    const root = spans.getFinishedSpans().find((span) => span.name === 'realtime.session');
    expect(root?.attributes['gen_ai.request.model']).toBe('gpt-realtime');
  });
});
