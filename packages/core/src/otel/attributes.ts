/**
 * The attribute names Switchboard's spans and metrics use. Names from the OpenTelemetry GenAI
 * semantic conventions (`gen_ai.*`) where one exists; `switchboard.*` for the rest.
 *
 * @example
 * ```ts
 * import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
 * import { ATTR, SPAN } from '@switchboard/core/otel';
 *
 * declare const spans: ReadableSpan[];
 * const failedTools = spans.filter(
 *   (span) => span.name.startsWith(SPAN.tool) && span.attributes[ATTR.toolOutcome] !== 'success',
 * );
 * ```
 */
export const ATTR = {
  providerName: 'gen_ai.provider.name',
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  agentName: 'gen_ai.agent.name',
  responseId: 'gen_ai.response.id',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  toolType: 'gen_ai.tool.type',
  toolArguments: 'gen_ai.tool.call.arguments',
  toolResult: 'gen_ai.tool.call.result',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  tokenType: 'gen_ai.token.type',
  sessionId: 'switchboard.session.id',
  startAgent: 'switchboard.session.start_agent',
  transportType: 'switchboard.transport.type',
  transportDialect: 'switchboard.transport.dialect',
  closeReason: 'switchboard.session.close_reason',
  turnId: 'switchboard.turn.id',
  turnInput: 'switchboard.turn.input',
  turnStatus: 'switchboard.turn.status',
  firstDeltaMs: 'switchboard.turn.first_delta_ms',
  responseStatus: 'switchboard.response.status',
  outOfBand: 'switchboard.response.out_of_band',
  toolOutcome: 'switchboard.tool.outcome',
  toolDurationMs: 'switchboard.tool.duration_ms',
  cancelReason: 'switchboard.tool.cancel_reason',
  timeoutMs: 'switchboard.tool.timeout_ms',
  handoffFrom: 'switchboard.handoff.from',
  handoffTo: 'switchboard.handoff.to',
  handoffReason: 'switchboard.handoff.reason',
  reconnectAttempt: 'switchboard.reconnect.attempt',
  reconnectReason: 'switchboard.reconnect.reason',
  tokenModality: 'switchboard.token.modality',
  tokenCached: 'switchboard.token.cached',
  costUsd: 'switchboard.cost.usd',
} as const;

/** The span names (a tool-call span is `execute_tool {name}`); see {@link ATTR} for an example. */
export const SPAN = {
  session: 'realtime.session',
  turn: 'realtime.turn',
  response: 'realtime.response',
  /** Followed by the tool's name, as the GenAI conventions name tool spans. */
  tool: 'execute_tool',
  handoff: 'realtime.handoff',
  reconnect: 'realtime.reconnect',
} as const;

/** The instrumentation scope's name (the tracer's and the meter's). */
export const SCOPE_NAME = '@switchboard/core';
