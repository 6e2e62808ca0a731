import type { Server } from 'node:http';
import type { RelayMode } from '../relay-protocol.js';
import type { RelayEndpoint } from './endpoint.js';

/** Limits on what one browser may send over its relay socket. */
export interface RelayLimits {
  /** Largest frame, in bytes (default 256 KiB; WebRTC events carry no audio, so they stay small). */
  readonly maxMessageBytes?: number;
  /** Sustained messages per second (default 100), bursts of twice that; a faster browser is slowed, not refused. */
  readonly messagesPerSecond?: number;
  /** Sustained bytes per second (default 1 MiB), bursts of twice that; a faster browser is slowed, not refused. */
  readonly bytesPerSecond?: number;
  /** Refused messages tolerated before the socket is closed with 1008 (default 20). */
  readonly maxViolations?: number;
}

/** Which origins may open a call: exact origins (`https://app.example.com`) or a predicate. */
export type OriginPolicy = readonly string[] | ((origin: string | undefined) => boolean);

/**
 * Options of `webrtcRelayTransport()`. One transport is one browser call: the app gives the page
 * `transport.token` (and the endpoint's URL), the page calls `connectRealtimeCall()`, and the
 * session on the server sees an ordinary transport.
 *
 * @example
 * ```ts
 * import type { Server } from 'node:http';
 * import type { WebRtcRelayTransportOptions } from '@switchboard/transport-webrtc-relay';
 *
 * declare const httpServer: Server;
 * const options: WebRtcRelayTransportOptions = {
 *   mode: 'sideband',
 *   endpoint: httpServer,
 *   allowedOrigins: ['https://app.example.com'],
 * };
 * ```
 */
export interface WebRtcRelayTransportOptions {
  /**
   * `relay`: the browser talks to the realtime endpoint and forwards every event both ways (works
   * with every endpoint; the browser is in the control path, so what it forwards is checked).
   * `sideband` (GA): the browser only carries media; the server creates the call and controls it
   * over its own WebSocket (`?call_id=`), so tool calls never pass through the browser.
   */
  readonly mode: RelayMode;
  /** Where browsers connect: an endpoint (`listenRelayEndpoint`), or an HTTP(S) server to attach one to. */
  readonly endpoint: RelayEndpoint | Server;
  /** With a server as `endpoint`: the socket path (default `/switchboard/relay`). */
  readonly path?: string;
  /**
   * The secret the page presents (it rides in the WebSocket subprotocol). Default: 32 random bytes,
   * base64url; read it back from `transport.token`. Single-use: a second connection is refused.
   */
  readonly token?: string;
  /** The browser's `Origin` must be one of these (or pass the predicate); others get HTTP 403. */
  readonly allowedOrigins: OriginPolicy;
  /** API key used on the server only. Default `OPENAI_API_KEY`. It never reaches the browser. */
  readonly apiKey?: string;
  /** API base. Default `OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  readonly baseURL?: string;
  /** Model for the call (default `gpt-realtime`, beta `gpt-4o-realtime-preview`). */
  readonly model?: string;
  /** Relay mode only: the API form the browser's call speaks (default `ga`). Sideband is GA only. */
  readonly dialect?: 'ga' | 'beta';
  /** Relay mode: lifetime of each client secret, 10–7200 s (default 60: it is only used to dial). */
  readonly clientSecretTtlSeconds?: number;
  /** How long `connect()` waits for the browser to join (default 120 s). */
  readonly joinTimeoutMs?: number;
  /** Limits on the browser's socket. */
  readonly limits?: RelayLimits;
  /** The `fetch` used for the realtime API's HTTP endpoints (default: the global one). */
  readonly fetch?: typeof fetch;
}

/** Default socket path when a transport attaches to an HTTP server. */
export const DEFAULT_RELAY_PATH = '/switchboard/relay';

/** Resolved limits. */
export interface ResolvedLimits {
  readonly maxMessageBytes: number;
  readonly messagesPerSecond: number;
  readonly bytesPerSecond: number;
  readonly maxViolations: number;
}

/** Fills in the default limits. */
export function resolveLimits(limits: RelayLimits | undefined): ResolvedLimits {
  return {
    maxMessageBytes: limits?.maxMessageBytes ?? 256 * 1024,
    messagesPerSecond: limits?.messagesPerSecond ?? 100,
    bytesPerSecond: limits?.bytesPerSecond ?? 1024 * 1024,
    maxViolations: limits?.maxViolations ?? 20,
  };
}

declare module '@switchboard/core' {
  /** `createTransport({ type: 'webrtc-relay', ...options })`. */
  interface TransportConfigMap {
    'webrtc-relay': WebRtcRelayTransportOptions;
  }
}
