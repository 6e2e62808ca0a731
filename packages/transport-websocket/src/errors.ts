import { TransportConnectError } from '@switchboard/core';

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

// What a WebSocket transport reports on `errors$` besides core's transport errors.
declare module '@switchboard/core' {
  interface TransportErrorMap {
    BinaryFrameError: BinaryFrameError;
  }
}
