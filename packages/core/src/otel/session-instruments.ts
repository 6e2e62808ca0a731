import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import type { ObservedSession } from '../observability/telemetry.js';
import type { TokenUsage } from '../observability/token-usage.js';
import type { ResponseUsage } from '../observability/usage-meter.js';
import { ATTR } from './attributes.js';

/** Seconds, as OpenTelemetry's duration metrics are measured. */
const seconds = (ms: number) => ms / 1000;

/** Bucket bounds (s) for voice latencies and tool calls: 50 ms steps where people notice, then coarser. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30];

/** The instruments, made once per meter and shared by every session recorded on it. */
export interface SessionInstruments {
  readonly firstDelta: Histogram;
  readonly turnDuration: Histogram;
  readonly toolDuration: Histogram;
  readonly handoffs: Counter;
  readonly responses: Counter;
  readonly reconnects: Counter;
  readonly tokens: Counter;
  readonly cost: Counter;
}

/** Name, description and unit of each histogram (all in seconds, with the latency buckets). */
const HISTOGRAMS = {
  firstDelta: [
    'switchboard.turn.first_delta',
    'From the end of the user input (speech stopped, text sent) to the first audio or text delta',
  ],
  turnDuration: ['switchboard.turn.duration', 'From the start of a turn until the model yields'],
  toolDuration: ['switchboard.tool.duration', 'From a function call completing to its output'],
} as const;

/** Name, description and unit of each counter. */
const COUNTERS = {
  handoffs: ['switchboard.handoffs', 'Agent switches', '{handoff}'],
  responses: ['switchboard.responses', 'Responses ended, by status', '{response}'],
  reconnects: ['switchboard.reconnects', 'Connections lost and dialled again', '{reconnect}'],
  tokens: [
    'switchboard.tokens',
    'Tokens from response.done usage, by direction, modality and cache',
    '{token}',
  ],
  cost: ['switchboard.cost', 'Cost of the responses at the price table, in US dollars', 'USD'],
} as const;

/** Creates the instruments on `meter` (see docs/observability.md for what each one measures). */
export function createInstruments(meter: Meter): SessionInstruments {
  const advice = { explicitBucketBoundaries: LATENCY_BUCKETS };
  const histogram = ([name, description]: readonly [string, string]) =>
    meter.createHistogram(name, { description, unit: 's', advice });
  const counter = ([name, description, unit]: readonly [string, string, string]) =>
    meter.createCounter(name, { description, unit });
  return {
    firstDelta: histogram(HISTOGRAMS.firstDelta),
    turnDuration: histogram(HISTOGRAMS.turnDuration),
    toolDuration: histogram(HISTOGRAMS.toolDuration),
    handoffs: counter(COUNTERS.handoffs),
    responses: counter(COUNTERS.responses),
    reconnects: counter(COUNTERS.reconnects),
    tokens: counter(COUNTERS.tokens),
    cost: counter(COUNTERS.cost),
  };
}

/** Records one session's numbers on the instruments. */
export function recordSession(session: ObservedSession, instruments: SessionInstruments): void {
  session.metrics$.subscribe((turn) => {
    const attributes = { [ATTR.agentName]: turn.agent, [ATTR.turnInput]: turn.input };
    instruments.turnDuration.record(seconds(turn.durationMs), {
      ...attributes,
      [ATTR.turnStatus]: turn.status,
    });
    if (turn.firstDeltaMs !== undefined)
      instruments.firstDelta.record(seconds(turn.firstDeltaMs), attributes);
  });
  session.toolCalls$.subscribe((event) => {
    if (event.type !== 'tool_end' || event.kind !== 'function') return;
    instruments.toolDuration.record(seconds(event.durationMs), {
      [ATTR.toolName]: event.name,
      [ATTR.toolOutcome]: event.outcome,
    });
  });
  session.handoffs$.subscribe((event) =>
    instruments.handoffs.add(1, {
      [ATTR.handoffFrom]: event.from,
      [ATTR.handoffTo]: event.to,
      [ATTR.handoffReason]: event.callId === undefined ? 'app' : 'model',
    }),
  );
  session.events$.subscribe((event) => {
    if (event.type === 'response.done')
      instruments.responses.add(1, { [ATTR.responseStatus]: event.response.status ?? 'completed' });
  });
  session.status$.subscribe((status) => {
    if (status.state === 'reconnecting' && status.attempt === 1)
      instruments.reconnects.add(1, { [ATTR.reconnectReason]: status.reason.kind });
  });
  session.usage$.subscribe((usage: ResponseUsage) => {
    const base: Attributes = usage.model === undefined ? {} : { [ATTR.requestModel]: usage.model };
    for (const [count, attributes] of tokenCounts(usage.tokens))
      if (count > 0) instruments.tokens.add(count, { ...base, ...attributes });
    if (usage.costUsd !== undefined && usage.costUsd > 0) instruments.cost.add(usage.costUsd, base);
  });
}

/** The usage split into counts that add up: uncached and cached input by modality, output by modality. */
function tokenCounts(tokens: TokenUsage): [number, Attributes][] {
  const input = (modality: string, cached: boolean): Attributes => ({
    [ATTR.tokenType]: 'input',
    [ATTR.tokenModality]: modality,
    [ATTR.tokenCached]: cached,
  });
  const output = (modality: string): Attributes => ({
    [ATTR.tokenType]: 'output',
    [ATTR.tokenModality]: modality,
  });
  return [
    [tokens.inputText - tokens.inputCachedText, input('text', false)],
    [tokens.inputCachedText, input('text', true)],
    [tokens.inputAudio - tokens.inputCachedAudio, input('audio', false)],
    [tokens.inputCachedAudio, input('audio', true)],
    [tokens.inputImage - tokens.inputCachedImage, input('image', false)],
    [tokens.inputCachedImage, input('image', true)],
    [tokens.outputText, output('text')],
    [tokens.outputAudio, output('audio')],
  ];
}
