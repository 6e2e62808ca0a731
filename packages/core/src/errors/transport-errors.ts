import type { ClientEvent, ProtocolError } from '../protocol/index.js';
import type { ReplayMismatchError } from '../transport/replay-transport.js';
import { type CloseReason, describeCloseReason } from '../transport/transport.js';
import { describeCause } from './describe-cause.js';

/** The stable `code` of a {@link TransportConnectError}, or of the subclass a transport throws. */
export type TransportConnectErrorCode =
  /** The connection closed before it opened; `reason` says how. */
  | 'connect_failed'
  /** No API key was given and the environment has none. */
  | 'missing_api_key'
  /** The connection opened but the server never spoke. */
  | 'handshake_timeout';

/**
 * `connect()` failed: the connection closed before it opened. `reason` says why (`auth_failed`: check
 * the key or mint a fresh client secret; `network_error`: check the URL and the network).
 *
 * @example
 * ```ts
 * import { type RealtimeTransport, TransportConnectError } from '@switchboard/core';
 *
 * declare const transport: RealtimeTransport;
 * try {
 *   await transport.connect();
 * } catch (error) {
 *   if (error instanceof TransportConnectError && error.reason.kind === 'auth_failed') console.error('check the API key');
 * }
 * ```
 */
export class TransportConnectError extends Error {
  override readonly name: string = 'TransportConnectError';
  constructor(
    /** Why the connection did not open. */
    readonly reason: CloseReason,
    /** `connect_failed`, or what a subclass says more precisely. */
    readonly code: TransportConnectErrorCode = 'connect_failed',
  ) {
    super(`could not connect: ${describeCloseReason(reason)}`);
  }
}

/**
 * A client event the transport could not deliver, reported on `errors$` instead of being dropped:
 * the transport was closed or closing, the socket failed, or the event could not be encoded.
 *
 * @example
 * ```ts
 * import { type RealtimeSession, TransportSendError } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof TransportSendError) console.warn('lost', error.event.type, error.reason);
 * });
 * ```
 */
export class TransportSendError extends Error {
  override readonly name = 'TransportSendError';
  readonly code = 'send_failed';
  constructor(
    /** The event that was not sent. */
    readonly event: ClientEvent,
    /** Why it was not sent. */
    readonly reason: string,
  ) {
    super(`could not send ${event.type}: ${reason}`);
  }
}

/**
 * The transport's `close()` (or a phone transport's `hangup()`) failed. The session closed anyway;
 * the message is the transport's own, `cause` what it threw.
 *
 * @example
 * ```ts
 * import { type RealtimeSession, TransportCloseError } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof TransportCloseError) console.warn(`${error.operation}() failed`, error.cause);
 * });
 * ```
 */
export class TransportCloseError extends Error {
  override readonly name = 'TransportCloseError';
  readonly code = 'close_failed';
  constructor(
    /** Which call failed. */
    readonly operation: 'close' | 'hangup',
    cause: unknown,
  ) {
    super(describeCause(cause), { cause });
  }
}

/**
 * Every error a transport may report on `errors$`, by class name. Transport packages add theirs by
 * declaration merging, as they add their options to `TransportConfigMap`:
 *
 * @example
 * ```ts
 * import type { TransportSendError } from '@switchboard/core';
 *
 * class CarrierError extends Error {
 *   override readonly name = 'CarrierError';
 *   readonly code = 'carrier_failed';
 * }
 *
 * declare module '@switchboard/core' {
 *   interface TransportErrorMap {
 *     CarrierError: CarrierError;
 *   }
 * }
 *
 * declare const error: TransportSendError | CarrierError;
 * ```
 */
export interface TransportErrorMap {
  TransportSendError: TransportSendError;
  TransportCloseError: TransportCloseError;
  /** A server event the transport could not map from its wire dialect. */
  ProtocolError: ProtocolError;
  /** A replayed session sent a client event the recording does not have there. */
  ReplayMismatchError: ReplayMismatchError;
}

/** An error on a transport's `errors$`: one of the classes in `TransportErrorMap`. */
export type TransportError = TransportErrorMap[keyof TransportErrorMap];
