import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { ToolCancelledError, ToolTimeoutError } from '../errors/tool-errors.js';
import type { ObservedSession, SessionTelemetryScope } from '../observability/telemetry.js';
import type { TurnMetrics } from '../observability/turn-meter.js';
import type { ResponseUsage } from '../observability/usage-meter.js';
import { isOutOfBand } from '../pipeline/response-calls.js';
import { ProtocolWarning, type ServerEvent, type UnknownServerEvent } from '../protocol/index.js';
import type { ToolCallEvent, ToolEndEvent, ToolStartEvent } from '../session/session-events.js';
import type { Turn } from '../session/turn-types.js';
import { describeCloseReason, type TransportStatus } from '../transport/transport.js';
import { ATTR, SPAN } from './attributes.js';

/** What the spans record beyond names, ids, outcomes and timings. */
export interface SpanOptions {
  /** Tool arguments and outputs on tool-call spans (off: they may hold what the caller said). */
  readonly recordContent: boolean;
  /** Added to the session span. */
  readonly attributes: Attributes;
}

interface Scoped {
  readonly span: Span;
  readonly ctx: Context;
}

/** How many response spans are kept as parents for their tool calls (a turn never has this many). */
const RESPONSES_KEPT = 64;

/**
 * The spans of one session: session → turn → response → tool call / handoff, and reconnects under
 * the session; each started and ended from the session's streams.
 */
export function traceSession(
  session: ObservedSession,
  tracer: Tracer,
  options: SpanOptions,
): SessionTelemetryScope {
  const start = (name: string, parent: Context, attributes: Attributes): Scoped => {
    const span = tracer.startSpan(name, { attributes }, parent);
    return { span, ctx: trace.setSpan(parent, span) };
  };
  const root = start(SPAN.session, context.active(), {
    ...options.attributes,
    [ATTR.providerName]: 'openai',
    [ATTR.startAgent]: session.agent.name,
    ...(session.transport.type ? { [ATTR.transportType]: session.transport.type } : {}),
    ...(session.transport.dialect ? { [ATTR.transportDialect]: session.transport.dialect } : {}),
  });
  const turns = new Map<string, Scoped>();
  let currentTurn: Scoped | undefined;
  const responses = new Map<string, Scoped>();
  const calls = new Map<string, Scoped>();
  let reconnect: Span | undefined;

  const openTurn = (turn: Turn<unknown>) => {
    currentTurn = start(SPAN.turn, root.ctx, {
      [ATTR.turnId]: turn.id,
      [ATTR.turnInput]: turn.input.kind,
    });
    turns.set(turn.id, currentTurn);
  };
  const endTurn = (metrics: TurnMetrics) => {
    const scoped = turns.get(metrics.turnId);
    if (!scoped) return;
    turns.delete(metrics.turnId);
    if (currentTurn === scoped) currentTurn = undefined;
    scoped.span.setAttributes({
      [ATTR.turnStatus]: metrics.status,
      [ATTR.agentName]: metrics.agent,
      [ATTR.inputTokens]: metrics.tokens.input,
      [ATTR.outputTokens]: metrics.tokens.output,
      ...(metrics.firstDeltaMs === undefined ? {} : { [ATTR.firstDeltaMs]: metrics.firstDeltaMs }),
      ...(metrics.costUsd === undefined ? {} : { [ATTR.costUsd]: metrics.costUsd }),
    });
    if (metrics.status === 'failed')
      scoped.span.setStatus({ code: SpanStatusCode.ERROR, message: 'turn failed' });
    scoped.span.end();
  };

  const onEvent = (event: ServerEvent | UnknownServerEvent) => {
    switch (event.type) {
      case 'session.created':
      case 'session.updated':
        if (event.session.model) root.span.setAttribute(ATTR.requestModel, event.session.model);
        if (event.session.id) root.span.setAttribute(ATTR.sessionId, event.session.id);
        return;
      case 'response.created': {
        const id = event.response.id;
        if (!id || responses.has(id)) return;
        const outOfBand = isOutOfBand(event.response);
        const parent = outOfBand ? root : (currentTurn ?? root);
        responses.set(
          id,
          start(SPAN.response, parent.ctx, {
            [ATTR.responseId]: id,
            [ATTR.agentName]: session.agent.name,
            [ATTR.outOfBand]: outOfBand,
          }),
        );
        forgetOldest(responses);
        return;
      }
      case 'response.done': {
        const scoped = event.response.id ? responses.get(event.response.id) : undefined;
        if (!scoped?.span.isRecording()) return;
        const status = event.response.status ?? 'completed';
        scoped.span.setAttribute(ATTR.responseStatus, status);
        if (status === 'failed') {
          const error = event.response.status_details?.error;
          scoped.span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error?.code ?? error?.type ?? 'response failed',
          });
        }
        scoped.span.end();
        return;
      }
      default:
        return;
    }
  };

  const onUsage = (usage: ResponseUsage) => {
    const scoped = responses.get(usage.responseId);
    scoped?.span.setAttributes({
      [ATTR.inputTokens]: usage.tokens.input,
      [ATTR.outputTokens]: usage.tokens.output,
      ...(usage.costUsd === undefined ? {} : { [ATTR.costUsd]: usage.costUsd }),
    });
  };

  const onToolStart = (event: ToolStartEvent) => {
    const parent = responses.get(event.responseId) ?? currentTurn ?? root;
    const common = { [ATTR.toolCallId]: event.callId, [ATTR.responseId]: event.responseId };
    const scoped =
      event.kind === 'handoff'
        ? start(SPAN.handoff, parent.ctx, {
            ...common,
            [ATTR.toolName]: event.name,
            [ATTR.handoffFrom]: event.agent,
            [ATTR.handoffReason]: 'model',
          })
        : start(`${SPAN.tool} ${event.name}`, parent.ctx, {
            ...common,
            [ATTR.operationName]: 'execute_tool',
            [ATTR.toolName]: event.name,
            [ATTR.toolType]: 'function',
            [ATTR.agentName]: event.agent,
            [ATTR.outOfBand]: event.outOfBand,
            ...(options.recordContent ? { [ATTR.toolArguments]: event.arguments } : {}),
          });
    calls.set(event.callId, scoped);
  };

  const onToolEnd = (event: ToolEndEvent) => {
    const scoped = calls.get(event.callId);
    if (!scoped) return;
    calls.delete(event.callId);
    const { span } = scoped;
    span.setAttributes({ [ATTR.toolOutcome]: event.outcome, [ATTR.toolDurationMs]: event.durationMs });
    if (options.recordContent && event.kind === 'function') span.setAttribute(ATTR.toolResult, event.output);
    const { error } = event;
    if (error) {
      if (error instanceof ToolCancelledError) span.setAttribute(ATTR.cancelReason, error.reason);
      if (error instanceof ToolTimeoutError) span.setAttribute(ATTR.timeoutMs, error.timeoutMs);
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
    } else if (event.kind === 'handoff') {
      const to = (event.result as { readonly transferredTo?: unknown } | undefined)?.transferredTo;
      if (typeof to === 'string') span.setAttribute(ATTR.handoffTo, to);
    }
    span.end();
  };

  const onToolCall = (event: ToolCallEvent) => {
    if (event.type === 'tool_start') onToolStart(event);
    else if (event.type === 'tool_end') onToolEnd(event);
    else calls.get(event.callId)?.span.addEvent(event.type);
  };

  const onStatus = (status: TransportStatus) => {
    if (status.state === 'reconnecting' && !reconnect) {
      reconnect = tracer.startSpan(
        SPAN.reconnect,
        { attributes: { [ATTR.reconnectReason]: status.reason.kind } },
        root.ctx,
      );
    }
    if (status.state === 'reconnecting') reconnect?.setAttribute(ATTR.reconnectAttempt, status.attempt);
    if (status.state === 'open' || status.state === 'closed') {
      if (status.state === 'closed') {
        root.span.setAttribute(ATTR.closeReason, status.reason.kind);
        if (status.reason.kind !== 'client') {
          const message = describeCloseReason(status.reason);
          reconnect?.setStatus({ code: SpanStatusCode.ERROR, message });
          root.span.setStatus({ code: SpanStatusCode.ERROR, message });
        }
      }
      reconnect?.end();
      reconnect = undefined;
    }
  };

  const finish = () => {
    for (const { span } of [...responses.values(), ...calls.values(), ...turns.values()])
      if (span.isRecording()) span.end();
    reconnect?.end();
    root.span.end();
  };

  session.events$.subscribe(onEvent);
  session.usage$.subscribe(onUsage);
  session.toolCalls$.subscribe(onToolCall);
  session.turns$.subscribe(openTurn);
  session.metrics$.subscribe({ next: endTurn, complete: finish });
  session.status$.subscribe(onStatus);
  session.handoffs$.subscribe((event) => {
    // A model's handoff is the span of its call; the app's `updateAgent` gets one of its own.
    if (event.callId !== undefined) return;
    const parent = currentTurn ?? root;
    tracer
      .startSpan(
        SPAN.handoff,
        {
          attributes: {
            [ATTR.handoffFrom]: event.from,
            [ATTR.handoffTo]: event.to,
            [ATTR.handoffReason]: 'app',
          },
        },
        parent.ctx,
      )
      .end();
  });
  session.errors$.subscribe((error) => {
    const { span } = currentTurn ?? root;
    if (error instanceof ProtocolWarning) span.addEvent('warning', { message: error.message });
    else span.recordException(error);
  });

  return {
    inToolCall: (callId, run) => {
      const scoped = calls.get(callId);
      return scoped ? context.with(scoped.ctx, run) : run();
    },
  };
}

/** Drops the oldest entry past {@link RESPONSES_KEPT} (a Map iterates in insertion order). */
function forgetOldest(responses: Map<string, Scoped>): void {
  if (responses.size <= RESPONSES_KEPT) return;
  const [id, oldest] = responses.entries().next().value as [string, Scoped];
  if (oldest.span.isRecording()) oldest.span.end();
  responses.delete(id);
}
