import type { Observable } from 'rxjs';
import type { Agent } from '../definitions/shapes.js';
import type { SessionError } from '../errors/session-errors.js';
import type { ServerEvent, UnknownServerEvent } from '../protocol/index.js';
import type { HandoffEvent, ToolCallEvent } from '../session/session-events.js';
import type { Turn } from '../session/turn-types.js';
import type { TransportStatus } from '../transport/transport.js';
import type { TurnMetrics } from './turn-meter.js';
import type { ResponseUsage } from './usage-meter.js';

/** What a telemetry integration reads of a session: its public streams, and where it runs. */
export interface ObservedSession {
  readonly events$: Observable<ServerEvent | UnknownServerEvent>;
  readonly toolCalls$: Observable<ToolCallEvent>;
  readonly handoffs$: Observable<HandoffEvent>;
  readonly errors$: Observable<SessionError>;
  readonly status$: Observable<TransportStatus>;
  readonly turns$: Observable<Turn<unknown>>;
  readonly usage$: Observable<ResponseUsage>;
  readonly metrics$: Observable<TurnMetrics>;
  /** The active agent now. */
  readonly agent: Agent<unknown>;
  /** The transport's config type and dialect, when it was made by `createTransport`. */
  readonly transport: TransportDescription;
}

/** The transport of a session, as far as it is known. */
export interface TransportDescription {
  /** The config's `type` (`websocket`, `local`, `sip` …). */
  readonly type: string | undefined;
  /** The wire dialect (`ga` or `beta`) where the config names one. */
  readonly dialect: string | undefined;
}

/** A telemetry integration's hold on one session, for what the streams cannot carry. */
export interface SessionTelemetryScope {
  /**
   * Runs the callbacks of one function call (argument transforms, approval check, `execute`, a
   * handoff's `onHandoff`) so that work they start belongs to the call: in OpenTelemetry, a tool's
   * own spans become children of its tool-call span. Must call `run` once, synchronously, and
   * return what it returns.
   */
  inToolCall<T>(callId: string, run: () => T): T;
}

/**
 * Something that watches sessions: `openTelemetry()` from `@switchboard/core/otel` (spans and
 * metrics), or your own. A session calls `attach` once, at the end of its constructor, before it
 * sends anything; what `attach` subscribes to, it must let go of when the streams complete.
 *
 * @example
 * ```ts
 * import type { SessionTelemetry } from '@switchboard/core';
 *
 * const logTools: SessionTelemetry = {
 *   attach(session) {
 *     session.toolCalls$.subscribe((event) => console.log(event.type, event.callId));
 *     return { inToolCall: (_callId, run) => run() };
 *   },
 * };
 * ```
 */
export interface SessionTelemetry {
  attach(session: ObservedSession): SessionTelemetryScope;
}

/**
 * `scope.inToolCall`, guarded: whatever the integration throws, the call runs exactly once and the
 * error is reported (a broken telemetry integration must not stall a tool call).
 */
export function guardedInToolCall<T>(
  scope: SessionTelemetryScope,
  callId: string,
  run: () => T,
  report: (error: unknown) => void,
): T {
  let ran = false;
  let result: T | undefined;
  try {
    return scope.inToolCall(callId, () => {
      ran = true;
      result = run();
      return result;
    });
  } catch (error) {
    report(error);
    return ran ? (result as T) : run();
  }
}
