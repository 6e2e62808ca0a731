import type { DialectName } from '@switchboard/core';

/** An Azure OpenAI realtime deployment. */
export interface AzureEndpointOptions {
  /** The resource endpoint, e.g. `https://my-resource.openai.azure.com`. */
  readonly endpoint: string;
  /** The deployment name (Azure's stand-in for the model). */
  readonly deployment: string;
  /** The `api-version` query parameter, e.g. `2025-04-01-preview`. */
  readonly apiVersion: string;
}

/** Reconnect policy for a connection that drops after it was open. */
export interface ReconnectOptions {
  /**
   * How many dials to try after a drop before giving up (0 turns reconnecting off). Attempts are
   * counted until a connection has stayed open for `stableAfterMs`: a server that accepts and drops
   * at once uses them up (and the backoff keeps growing) instead of being re-dialled forever.
   */
  readonly retries: number;
  /** The first delay; each further attempt doubles it (capped at 30 s). */
  readonly backoffMs: number;
  /** How long a connection must stay open before a later drop starts counting from 1 again (default 10 000). */
  readonly stableAfterMs?: number;
}

/**
 * A WebSocket class: `ws`'s `WebSocket` in Node, the global `WebSocket` in a browser. The third
 * argument (headers) is only passed by the Node entry point; browsers cannot set headers.
 */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string[],
  options?: { headers?: Record<string, string> },
) => object;

/**
 * Options of `websocketTransport()`.
 *
 * @example
 * ```ts
 * import { type WebSocketTransportOptions } from '@switchboard/transport-websocket';
 *
 * const options: WebSocketTransportOptions = { dialect: 'ga', model: 'gpt-realtime' };
 * ```
 */
export interface WebSocketTransportOptions {
  /** The wire dialect: `'ga'` (`gpt-realtime`) or `'beta'` (`OpenAI-Beta: realtime=v1`). */
  readonly dialect: DialectName;
  /**
   * The full realtime endpoint, used as given (`http`/`https` become `ws`/`wss`), e.g. a local
   * server's `ws://127.0.0.1:8080/v1/realtime`. The `OPENAI_API_KEY` variable is not sent to it:
   * pass `apiKey` when that server wants one.
   */
  readonly url?: string;
  /** The API base to which `/realtime` is appended. Default `OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  readonly baseURL?: string;
  /** API key or client secret. Default `OPENAI_API_KEY` (`AZURE_OPENAI_API_KEY` with `azure`). */
  readonly apiKey?: string;
  /** Model query parameter. Default `gpt-realtime` (GA) or `gpt-4o-realtime-preview` (beta). */
  readonly model?: string;
  /** Attach to an existing WebRTC or SIP call (`?call_id=`) instead of starting a session. */
  readonly callId?: string;
  /** Connect to an Azure OpenAI deployment instead of OpenAI. */
  readonly azure?: AzureEndpointOptions;
  /** Extra handshake headers (Node only); they override the computed ones. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Reconnect after a drop. Off when absent. */
  readonly reconnect?: ReconnectOptions;
  /**
   * How long to wait, once the socket is open, for the server's first event (`session.created`)
   * before giving up with a `HandshakeTimeoutError` (default 15 000). `connect()` resolves and the
   * status turns `open` only when that event arrives. Not used with `callId`: a call's socket gets
   * no event until something happens, so it is open as soon as the socket is.
   */
  readonly handshakeTimeoutMs?: number;
  /** The WebSocket class to use instead of the default (`ws` in Node, the global one in browsers). */
  readonly WebSocket?: WebSocketConstructor;
}

/** Default model per dialect. */
export const DEFAULT_MODELS: Readonly<Record<DialectName, string>> = {
  ga: 'gpt-realtime',
  beta: 'gpt-4o-realtime-preview',
};

/** Default API base when neither `baseURL` nor `OPENAI_BASE_URL` is set. */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Upper bound of one reconnect delay. */
export const MAX_BACKOFF_MS = 30_000;

/** Default of `reconnect.stableAfterMs`. */
export const DEFAULT_STABLE_AFTER_MS = 10_000;

/** Default of `handshakeTimeoutMs`. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 15_000;

declare module '@switchboard/core' {
  /** `createTransport({ type: 'websocket', ...options })`. */
  interface TransportConfigMap {
    websocket: WebSocketTransportOptions;
  }
}
