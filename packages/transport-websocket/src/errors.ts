import { type CloseReason, describeCloseReason, TransportConnectError } from '@switchboard/core';

/**
 * No API key was given and the environment has none. Raised by `connect()`, never at import, so
 * a browser bundle or a test that never connects does not need a key.
 *
 * @example
 * ```ts
 * import { MissingApiKeyError, websocketTransport } from '@switchboard/transport-websocket';
 *
 * await websocketTransport({ dialect: 'ga' }).connect().catch((error: unknown) => {
 *   if (error instanceof MissingApiKeyError) console.error(`set ${error.variable}`);
 * });
 * ```
 */
export class MissingApiKeyError extends TransportConnectError {
  override readonly name = 'MissingApiKeyError';
  declare readonly code: 'missing_api_key';
  constructor(
    /** The environment variable that was read. */
    readonly variable: 'OPENAI_API_KEY' | 'AZURE_OPENAI_API_KEY',
  ) {
    super(
      { kind: 'auth_failed', message: `no API key: pass the apiKey option or set ${variable}` },
      'missing_api_key',
    );
  }
}

/**
 * The server sent a binary frame; the Realtime API speaks JSON text frames only. The frame is ignored
 * and the connection goes on; check that the URL points at a realtime endpoint.
 *
 * @example
 * ```ts
 * import { BinaryFrameError, websocketTransport } from '@switchboard/transport-websocket';
 *
 * const transport = websocketTransport({ dialect: 'ga', url: 'ws://127.0.0.1:8080/v1/realtime' });
 * transport.errors$.subscribe((error) => {
 *   if (error instanceof BinaryFrameError) console.warn(`ignored ${error.byteLength} bytes`);
 * });
 * ```
 */
export class BinaryFrameError extends Error {
  override readonly name = 'BinaryFrameError';
  readonly code = 'binary_frame';
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
 * counts as failed. Also reported on `errors$`. Check that the URL points at a realtime endpoint.
 *
 * @example
 * ```ts
 * import { HandshakeTimeoutError, websocketTransport } from '@switchboard/transport-websocket';
 *
 * const transport = websocketTransport({ dialect: 'ga', handshakeTimeoutMs: 5_000 });
 * await transport.connect().catch((error: unknown) => {
 *   if (error instanceof HandshakeTimeoutError) console.error(`no session.created in ${error.timeoutMs} ms`);
 * });
 * ```
 */
export class HandshakeTimeoutError extends TransportConnectError {
  override readonly name = 'HandshakeTimeoutError';
  declare readonly code: 'handshake_timeout';
  constructor(
    /** How long the transport waited. */
    readonly timeoutMs: number,
  ) {
    super(
      {
        kind: 'network_error',
        message: `the server sent no event within ${timeoutMs} ms of the socket opening (expected session.created)`,
      },
      'handshake_timeout',
    );
  }
}

/**
 * Reconnecting gave up: `attempts` dials in a row failed or dropped before the connection was
 * stable. On `errors$` when the transport closes for that reason; `reason` is the last close reason.
 * Raise `reconnect.retries` or check the network.
 *
 * @example
 * ```ts
 * import { ReconnectFailedError, websocketTransport } from '@switchboard/transport-websocket';
 *
 * const transport = websocketTransport({ dialect: 'ga', reconnect: { retries: 3, backoffMs: 500 } });
 * transport.errors$.subscribe((error) => {
 *   if (error instanceof ReconnectFailedError) console.error(`offline after ${error.attempts} attempts`);
 * });
 * ```
 */
export class ReconnectFailedError extends Error {
  override readonly name = 'ReconnectFailedError';
  readonly code = 'reconnect_failed';
  constructor(
    /** Reconnect attempts made since the connection was last stable. */
    readonly attempts: number,
    /** Why the last one ended. */
    readonly reason: CloseReason,
  ) {
    super(`gave up reconnecting after ${attempts} attempts: ${describeCloseReason(reason)}`);
  }
}

// What a WebSocket transport reports on `errors$` besides core's transport errors.
declare module '@switchboard/core' {
  interface TransportErrorMap {
    BinaryFrameError: BinaryFrameError;
    HandshakeTimeoutError: HandshakeTimeoutError;
    ReconnectFailedError: ReconnectFailedError;
  }
}
