import { type CloseReason, describeCloseReason, TransportConnectError } from '@switchboard/core';

/**
 * No API key was given and the environment has none. Raised by `connect()`, never at import, so
 * a browser bundle or a test that never connects does not need a key.
 */
export class MissingApiKeyError extends TransportConnectError {
  override readonly name = 'MissingApiKeyError';
  constructor(
    /** The environment variable that was read. */
    readonly variable: 'OPENAI_API_KEY' | 'AZURE_OPENAI_API_KEY',
  ) {
    super({ kind: 'auth_failed', message: `no API key: pass the apiKey option or set ${variable}` });
  }
}

/** The options cannot describe one endpoint (e.g. `url` together with `azure`). */
export class WebSocketTransportConfigError extends Error {
  override readonly name = 'WebSocketTransportConfigError';
  constructor(
    /** The option at fault. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The server sent a binary frame; the Realtime API speaks JSON text frames only. */
export class BinaryFrameError extends Error {
  override readonly name = 'BinaryFrameError';
  constructor(
    /** Size of the ignored frame. */
    readonly byteLength: number,
  ) {
    super(`ignored a binary frame of ${byteLength} bytes: realtime events are JSON text frames`);
  }
}

/**
 * The socket opened but the server sent no event (`session.created`) within `handshakeTimeoutMs`:
 * `connect()` rejects with it (a `TransportConnectError`), and a reconnect attempt that times out
 * counts as failed. Also reported on `errors$`.
 *
 * @example
 * ```ts
 * await transport.connect().catch((error) => {
 *   if (error instanceof HandshakeTimeoutError) console.error(`no session.created in ${error.timeoutMs} ms`);
 * });
 * ```
 */
export class HandshakeTimeoutError extends TransportConnectError {
  override readonly name = 'HandshakeTimeoutError';
  constructor(
    /** How long the transport waited. */
    readonly timeoutMs: number,
  ) {
    super({
      kind: 'network_error',
      message: `the server sent no event within ${timeoutMs} ms of the socket opening (expected session.created)`,
    });
  }
}

/**
 * Reconnecting gave up: `attempts` dials in a row failed or dropped before the connection was
 * stable. On `errors$` when the transport closes for that reason; `reason` is the last close reason.
 *
 * @example
 * ```ts
 * transport.errors$.subscribe((error) => {
 *   if (error instanceof ReconnectFailedError) alert(`offline after ${error.attempts} attempts`);
 * });
 * ```
 */
export class ReconnectFailedError extends Error {
  override readonly name = 'ReconnectFailedError';
  constructor(
    /** Reconnect attempts made since the connection was last stable. */
    readonly attempts: number,
    /** Why the last one ended. */
    readonly reason: CloseReason,
  ) {
    super(`gave up reconnecting after ${attempts} attempts: ${describeCloseReason(reason)}`);
  }
}
