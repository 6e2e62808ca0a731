import { describeCause } from '../pipeline/guarded-call.js';
import type { ServerEventOf } from '../protocol/index.js';
import { type CloseReason, describeCloseReason } from '../transport/transport.js';
import { formatValue } from './format-value.js';

/** An `error` event from the server, as a value. */
export class ServerError extends Error {
  override readonly name = 'ServerError';
  /** The API's error type, e.g. `invalid_request_error`. */
  readonly type: string;
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

/** A function call arrived after `close()`: it was not run. */
export class CallAfterCloseError extends Error {
  override readonly name = 'CallAfterCloseError';
  constructor(
    readonly toolName: string,
    readonly callId: string,
  ) {
    super(`function call "${toolName}" (${callId}) arrived after the session closed; it was not run`);
  }
}

/** A method was used on a session that is not in a state to do it. */
export class SessionStateError extends Error {
  override readonly name = 'SessionStateError';
  constructor(
    readonly operation: string,
    readonly state: string,
  ) {
    super(`cannot ${operation}: the session is ${state}`);
  }
}

/** Input larger than the API accepts, rejected before it is sent. */
export class InputTooLargeError extends Error {
  override readonly name = 'InputTooLargeError';
  constructor(
    readonly what: string,
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super(`${what} is ${bytes} bytes; the API accepts at most ${limitBytes} bytes per event`);
  }
}

/**
 * A handoff (or `updateAgent`) did not happen: the target could not be resolved, its `input` or
 * `onHandoff` failed or timed out, the target's `instructions` threw, or the server refused its
 * `session.update`. The previous agent stays (or is again) the active one; `cause` says why.
 */
export class HandoffError extends Error {
  override readonly name = 'HandoffError';
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
 * reconnect, on a handoff or `updateAgent`). Nothing was switched or sent; `cause` is what it threw.
 */
export class InstructionsError extends Error {
  override readonly name = 'InstructionsError';
  constructor(
    readonly agentName: string,
    override readonly cause: unknown,
  ) {
    super(`the instructions of agent "${agentName}" threw: ${describeCause(cause)}`);
  }
}

/** The connection ended for a reason other than `close()` and was not (or could not be) restored. */
export class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError';
  constructor(readonly reason: CloseReason) {
    super(`the connection closed: ${describeCloseReason(reason)}`);
  }
}

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
 * A session method got an argument the API would refuse (a negative `audioEndMs`, an empty item id):
 * nothing was sent. `operation` is the method, `field` the argument, `value` what it got.
 */
export class SessionArgumentError extends Error {
  override readonly name = 'SessionArgumentError';
  readonly code = 'invalid_argument';
  constructor(
    readonly operation: string,
    readonly field: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`${operation}: ${field} must be ${expected}; got ${formatValue(value)}`);
  }
}
