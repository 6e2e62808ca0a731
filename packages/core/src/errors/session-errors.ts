import type { ProtocolError, ProtocolWarning, ServerEventOf } from '../protocol/index.js';
import { type CloseReason, describeCloseReason } from '../transport/transport.js';
import type { BudgetError } from './budget-error.js';
import type { AgentConfigError, HandoffResolutionError } from './config-errors.js';
import { describeCause } from './describe-cause.js';
import { formatValue } from './format-value.js';
import type { OutcomeRecordError } from './store-errors.js';
import type { TransportError } from './transport-errors.js';
import type { ForeignSessionUpdateError, UntrustedCallError } from './trust-errors.js';

/**
 * An `error` event from the server, as a value. Unlike the framework's own errors, its `code` is the
 * API's (e.g. `invalid_value`, `session_expired`; absent when the server sends none), and so is its
 * message: the server's words, prefixed with the code.
 *
 * @example
 * ```ts
 * import { ServerError, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof ServerError) console.warn(error.type, error.code, error.param, error.clientEventId);
 * });
 * ```
 */
export class ServerError extends Error {
  override readonly name = 'ServerError';
  /** The API's error type, e.g. `invalid_request_error`. */
  readonly type: string;
  /** The API's error code, e.g. `invalid_value`, when the server sends one. */
  readonly code: string | undefined;
  /** The field the error is about, when the server says. */
  readonly param: string | undefined;
  /** The `event_id` of the client event that caused it, when the server says. */
  readonly clientEventId: string | undefined;

  constructor(event: ServerEventOf<'error'>) {
    const { error } = event;
    super(`server error${error.code ? ` ${error.code}` : ''}: ${error.message}`);
    this.type = error.type;
    this.code = error.code ?? undefined;
    this.param = error.param ?? undefined;
    this.clientEventId = error.event_id ?? undefined;
  }
}

/**
 * A function call arrived after `close()`: it was not run, and no output was sent. On `errors$`
 * while the session closes; nothing to do but know the model asked for it.
 *
 * @example
 * ```ts
 * import { CallAfterCloseError, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof CallAfterCloseError) console.info('not run:', error.toolName, error.callId);
 * });
 * ```
 */
export class CallAfterCloseError extends Error {
  override readonly name = 'CallAfterCloseError';
  readonly code = 'call_after_close';
  constructor(
    readonly toolName: string,
    readonly callId: string,
  ) {
    super(`function call "${toolName}" (${callId}) arrived after the session closed; it was not run`);
  }
}

/**
 * A method was used on a session that is not in a state to do it: `connect()` twice, or input after
 * `close()`. Thrown by the method; the session is unchanged.
 *
 * @example
 * ```ts
 * import { type RealtimeSession, SessionStateError } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * try {
 *   session.sendText('Are you there?');
 * } catch (error) {
 *   if (error instanceof SessionStateError) console.warn(error.operation, error.state);
 * }
 * ```
 */
export class SessionStateError extends Error {
  override readonly name = 'SessionStateError';
  readonly code = 'invalid_session_state';
  constructor(
    /** The method called, e.g. `sendText`. */
    readonly operation: string,
    /** The session's state then: `connecting`, `open`, `closing` or `closed`. */
    readonly state: string,
  ) {
    super(`cannot ${operation}: the session is ${state}; ${stateAdvice(operation, state)}`);
  }
}

function stateAdvice(operation: string, state: string): string {
  if (operation === 'connect') return 'connect() is called once per session';
  if (state === 'closing' || state === 'closed')
    return 'a closed session stays closed, create a new RealtimeSession to go on';
  return 'wait for connect() to resolve';
}

/**
 * A session method got an argument the API would refuse (a `NaN` position, which serialises as
 * `null`; a negative `audioEndMs`; an empty item id): thrown before anything is sent, so the session
 * is unchanged.
 *
 * @example
 * ```ts
 * import { type RealtimeSession, SessionArgumentError } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * try {
 *   session.interrupt({ playedMs: Number.NaN });
 * } catch (error) {
 *   if (error instanceof SessionArgumentError) console.error(error.operation, error.field, error.expected);
 * }
 * ```
 */
export class SessionArgumentError extends Error {
  override readonly name = 'SessionArgumentError';
  readonly code = 'invalid_argument';
  constructor(
    /** The method called, e.g. `interrupt`. */
    readonly operation: string,
    /** The argument at fault, e.g. `playedMs`. */
    readonly field: string,
    readonly value: unknown,
    /** What would work, in words. */
    readonly expected: string,
  ) {
    super(`${operation}: ${field} must be ${expected}; got ${formatValue(value)}`);
  }
}

/**
 * Input larger than the API accepts, refused before it is sent (nothing was sent): split it.
 *
 * @example
 * ```ts
 * import { InputTooLargeError, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * declare const pcm16: Int16Array;
 * try {
 *   session.sendAudio(pcm16);
 * } catch (error) {
 *   if (error instanceof InputTooLargeError) console.warn(`${error.bytes} > ${error.limitBytes}`);
 * }
 * ```
 */
export class InputTooLargeError extends Error {
  override readonly name = 'InputTooLargeError';
  readonly code = 'input_too_large';
  constructor(
    readonly what: string,
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super(
      `${what} is ${bytes} bytes; the API accepts at most ${limitBytes} bytes per event: send it in smaller chunks`,
    );
  }
}

/**
 * A handoff (or `updateAgent`) did not happen: the target could not be resolved, its `input` or
 * `onHandoff` failed or timed out, the target's `instructions` threw, or the server refused its
 * `session.update`. The previous agent stays (or is again) the active one; `cause` says why.
 *
 * @example
 * ```ts
 * import { HandoffError, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof HandoffError) console.warn(`${error.from} stayed (not ${error.to}):`, error.cause);
 * });
 * ```
 */
export class HandoffError extends Error {
  override readonly name = 'HandoffError';
  readonly code = 'handoff_failed';
  constructor(
    readonly from: string,
    readonly to: string,
    override readonly cause: unknown,
  ) {
    super(`handoff from "${from}" to "${to}" failed: ${describeCause(cause)}`);
  }
}

/**
 * An agent's `instructions` function threw while its `session.update` was built (at connect, on a
 * reconnect, on a handoff or `updateAgent`). Nothing was switched or sent; `cause` is what it threw:
 * fix the function (it runs with the swarm's context and must return a string).
 *
 * @example
 * ```ts
 * import { InstructionsError, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * await session.connect().catch((error: unknown) => {
 *   if (error instanceof InstructionsError) console.error(error.agentName, error.cause);
 * });
 * ```
 */
export class InstructionsError extends Error {
  override readonly name = 'InstructionsError';
  readonly code = 'instructions_failed';
  constructor(
    readonly agentName: string,
    override readonly cause: unknown,
  ) {
    super(`the instructions of agent "${agentName}" threw: ${describeCause(cause)}`);
  }
}

/**
 * The `rollover.summary.summarize` callback threw, timed out, was aborted or returned no text: the
 * rollover restored the conversation's text in full instead (nothing is lost). `cause` says why.
 *
 * @example
 * ```ts
 * import { type RealtimeSession, RolloverSummaryError } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof RolloverSummaryError) console.warn('rolled over with the full text', error.cause);
 * });
 * ```
 */
export class RolloverSummaryError extends Error {
  override readonly name = 'RolloverSummaryError';
  readonly code = 'summary_failed';
  constructor(override readonly cause: unknown) {
    super(`could not summarize the conversation for a rollover: ${describeCause(cause)}`);
  }
}

/**
 * The session's `telemetry` integration threw while it wrapped a tool call or a handoff: the call
 * still ran exactly once and its output went out; only the integration's span or context for it is
 * missing. Fix the integration (its `inToolCall` must run the callback it is given and return what
 * it returns).
 *
 * @example
 * ```ts
 * import { type RealtimeSession, TelemetryError } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof TelemetryError) console.warn(`telemetry failed around ${error.callId}`, error.cause);
 * });
 * ```
 */
export class TelemetryError extends Error {
  override readonly name = 'TelemetryError';
  readonly code = 'telemetry_failed';
  constructor(
    readonly callId: string,
    override readonly cause: unknown,
  ) {
    super(`the telemetry integration threw around call ${callId}: ${describeCause(cause)}`);
  }
}

/**
 * The connection ended for a reason other than `close()` and was not (or could not be) restored; the
 * session is closed. `reason` says why (a refused key, an expired session, a dropped network): start
 * a new session to go on.
 *
 * @example
 * ```ts
 * import { ConnectionClosedError, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof ConnectionClosedError && error.reason.kind === 'session_expired') console.info('start a new call');
 * });
 * ```
 */
export class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError';
  readonly code = 'connection_closed';
  constructor(readonly reason: CloseReason) {
    super(`the connection closed: ${describeCloseReason(reason)}`);
  }
}

/**
 * Every error on a session's `errors$`: a union discriminated by `name`, so a `switch` narrows each
 * case to its class and its fields. A transport package adds its own errors to the union through
 * `TransportErrorMap`.
 *
 * @example
 * ```ts
 * import type { RealtimeSession, SessionError } from '@switchboard/core';
 *
 * function report(error: SessionError): string {
 *   switch (error.name) {
 *     case 'ServerError':
 *       return `the API said ${error.code}: ${error.message}`;
 *     case 'ProtocolError':
 *       return `dropped ${error.eventType}: ${error.issues.length} issues`;
 *     case 'ConnectionClosedError':
 *       return `closed (${error.reason.kind})`;
 *     default:
 *       return `${error.code}: ${error.message}`;
 *   }
 * }
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => console.warn(report(error)));
 * ```
 */
export type SessionError =
  | ProtocolError
  | ProtocolWarning
  | ServerError
  | ConnectionClosedError
  | CallAfterCloseError
  | HandoffError
  | InstructionsError
  | AgentConfigError
  | HandoffResolutionError
  | UntrustedCallError
  | ForeignSessionUpdateError
  | TelemetryError
  | OutcomeRecordError
  | HandoffSummaryError
  | AudioSettingKeptWarning
  | GuardrailError
  | RolloverSummaryError
  | BudgetError
  | TransportError;
/** Why `session.retrieveItem()` rejected. */
export type ItemRetrieveErrorCode = 'refused' | 'timeout' | 'aborted' | 'session_closed';

/**
 * `session.retrieveItem(itemId)` got no item: the server refused the request (`refused`, with the
 * {@link ServerError} as `cause`, e.g. no item has that id), no answer came in time (`timeout`),
 * the caller's signal fired (`aborted`), or the session closed first (`session_closed`).
 *
 * @example
 * ```ts
 * import { ItemRetrieveError, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * const item = await session.retrieveItem('item_42').catch((error: unknown) => {
 *   if (error instanceof ItemRetrieveError && error.code === 'refused') return undefined;
 *   throw error;
 * });
 * ```
 */
export class ItemRetrieveError extends Error {
  override readonly name = 'ItemRetrieveError';
  constructor(
    readonly code: ItemRetrieveErrorCode,
    readonly itemId: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`could not retrieve item "${itemId}": ${detail}`, options);
  }
}

/**
 * `session.sendFunctionResult(callId, result)` was refused: the tool pipeline owns that call (it
 * ran, runs or refused it, so it has or will have its one output: `owned_by_pipeline`), or the
 * result cannot be sent as text (`invalid_result`: a function, a symbol, a BigInt, a cycle).
 */
export class FunctionResultError extends Error {
  override readonly name = 'FunctionResultError';
  constructor(
    readonly code: 'owned_by_pipeline' | 'invalid_result',
    readonly callId: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot send a result for call "${callId}": ${detail}`, options);
  }
}

/**
 * A handoff with `context: 'summary'` could not get its summary (the out-of-band response failed,
 * said nothing, timed out, or the session closed): the handoff went on with the whole conversation,
 * as with `append`. `cause` says why.
 */
export class HandoffSummaryError extends Error {
  override readonly name = 'HandoffSummaryError';
  readonly code = 'handoff_summary_failed';
  constructor(
    readonly from: string,
    readonly to: string,
    override readonly cause: unknown,
  ) {
    super(
      `the summary for the handoff from "${from}" to "${to}" failed (the whole conversation was kept): ${describeCause(cause)}`,
    );
  }
}

/**
 * A guardrail's check did not answer: it threw or rejected (`threw`), returned something that is not
 * a verdict (`invalid_verdict`), or took longer than `guardrails.timeoutMs` (`timed_out`). What the
 * session did about it follows `guardrails.onCheckError`: `'trip'` (the default) handled the text as
 * if the guardrail had tripped, `'pass'` let it go on; `outcome` says which.
 *
 * @example
 * ```ts
 * import { GuardrailError, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof GuardrailError) console.warn(error.guardrail, error.side, error.reason, error.outcome);
 * });
 * ```
 */
export class GuardrailError extends Error {
  override readonly name = 'GuardrailError';
  readonly code = 'guardrail_failed';
  constructor(
    readonly guardrail: string,
    readonly side: 'input' | 'output',
    readonly reason: 'threw' | 'invalid_verdict' | 'timed_out',
    /** What the session did: handled the text as tripped, or let it pass. */
    readonly outcome: 'tripped' | 'passed',
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the ${side} guardrail "${guardrail}" failed (${detail}); the text was ${outcome === 'tripped' ? 'stopped as if it tripped' : 'let through'}`,
      options,
    );
  }
}

/**
 * A switch to `agent` (a handoff, `updateAgent`) left one of its audio settings out, because the
 * API refuses it mid-call: another audio format than the one the call started with (the transport
 * and the caller's line depend on it), or another voice once the model has spoken. The call goes
 * on with the settings it had. Reported on `errors$` as a warning: nothing failed.
 */
export class AudioSettingKeptWarning extends Error {
  override readonly name = 'AudioSettingKeptWarning';
  readonly code = 'audio_setting_kept';
  constructor(
    readonly agent: string,
    readonly setting: 'voice' | 'audio.input.format' | 'audio.output.format',
  ) {
    super(
      `agent "${agent}" declares its own ${setting}, which cannot change mid-call; the call keeps the current one`,
    );
  }
}
