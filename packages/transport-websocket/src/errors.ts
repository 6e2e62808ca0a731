import { TransportConnectError } from '@switchboard/core';

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
