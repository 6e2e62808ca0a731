/*
 * The relay socket's own little protocol, between the browser module and the server transport.
 * Types only (plus a few constants), so the browser module can share them without a dependency.
 *
 * Every message is one JSON text frame with a `type`. Events of the realtime API travel inside
 * `client_event` (server → browser → data channel) and `server_event` (data channel → browser →
 * server) envelopes, each numbered from 1 so a gap or a replay is noticed.
 */

/** The subprotocol both sides speak; the server selects it on upgrade. */
export const RELAY_PROTOCOL = 'switchboard-relay.v1';

/** Prefix of the subprotocol that carries the app-issued token (browsers cannot set headers). */
export const TOKEN_PROTOCOL_PREFIX = 'switchboard-token.';

/** Characters a token may use: it travels in `Sec-WebSocket-Protocol`, which allows no others. */
export const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{16,256}$/;

/** Close code the server uses when the browser broke the relay's rules too often (RFC 6455 policy violation). */
export const POLICY_VIOLATION_CLOSE = 1008;

/** Which side holds what: the browser relays every event (`relay`) or only carries media (`sideband`). */
export type RelayMode = 'relay' | 'sideband';

/** How the browser reaches the realtime endpoint in relay mode. */
export interface RelayCallTarget {
  /** Where the browser posts its SDP offer (`…/v1/realtime/calls`, or the beta `…/v1/realtime?model=`). */
  readonly url: string;
  /** The short-lived client secret, sent as `Authorization: Bearer`. Never the API key. */
  readonly clientSecret: string;
  /** When the secret stops working for new calls, in seconds since the epoch. */
  readonly expiresAt: number;
}

/** Messages the server sends to the browser. */
export type ServerToBrowser =
  /** First message. Relay: where to call and the client events to send first, in order. */
  | {
      readonly type: 'bootstrap';
      readonly mode: 'relay';
      readonly call: RelayCallTarget;
      readonly events: readonly Record<string, unknown>[];
    }
  /** First message in sideband mode: send the SDP offer over this socket. */
  | { readonly type: 'bootstrap'; readonly mode: 'sideband' }
  /** Sideband: the realtime endpoint's SDP answer. */
  | { readonly type: 'answer'; readonly sdp: string }
  /** Relay: a fresh client secret, after the browser said the old one was refused. */
  | { readonly type: 'secret'; readonly call: RelayCallTarget }
  /** Relay: a client event to write to the data channel. */
  | { readonly type: 'client_event'; readonly id: number; readonly event: Record<string, unknown> }
  /** Anything the app wants to show in the page (transcripts, tool calls, handoffs). */
  | { readonly type: 'app'; readonly payload: unknown }
  /** Something the browser sent was refused; the call goes on. */
  | { readonly type: 'notice'; readonly code: string; readonly message: string }
  /**
   * The server ends the call; the socket closes next. A stable code and a generic sentence only:
   * the details (the API's error text, which can quote a masked key) stay in the server's logs and
   * on the transport's `errors$`.
   */
  | { readonly type: 'hangup'; readonly code: HangupCode; readonly reason: string };

/**
 * Why the server ended a call, as the browser is told: `ended` (the app hung up), `refused` (the
 * realtime service refused the call's credentials), `expired` (the session reached its limit),
 * `failed` (anything else went wrong).
 */
export type HangupCode = 'ended' | 'refused' | 'expired' | 'failed';

/** Why the browser gave up on a call. */
export type BrowserFailureCode = 'microphone_denied' | 'sdp_failed' | 'peer_failed' | 'timeout';

/** Messages the browser sends to the server. */
export type BrowserToServer =
  /** Sideband: the browser's SDP offer. */
  | { readonly type: 'offer'; readonly sdp: string }
  /** Media and data channel are up; the initial events were written; the microphone is live. */
  | { readonly type: 'ready' }
  /** Relay: one data-channel message, as text, exactly as received. */
  | { readonly type: 'server_event'; readonly id: number; readonly event: string }
  /** Relay: the realtime endpoint refused the client secret (it expired): ask for another. */
  | { readonly type: 'refresh_secret' }
  /** The browser could not set the call up. */
  | { readonly type: 'failed'; readonly code: BrowserFailureCode; readonly message: string }
  /** The user hung up. */
  | { readonly type: 'hangup' };
