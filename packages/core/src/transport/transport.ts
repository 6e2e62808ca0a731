import type { Observable } from 'rxjs';
import type { TransportError } from '../errors/transport-errors.js';
import type { ClientEvent } from '../protocol/index.js';

/** Why a transport's connection ended. Every close carries one; nothing ends silently. */
export type CloseReason =
  /** The application called `close()`. */
  | { readonly kind: 'client' }
  /** The server refused the credentials (HTTP 401/403 on upgrade, or an auth error event). */
  | { readonly kind: 'auth_failed'; readonly status?: number; readonly message: string }
  /** The server closed the socket with a close code. */
  | { readonly kind: 'server_closed'; readonly code: number; readonly reason: string }
  /** The connection failed or dropped without a close frame. */
  | { readonly kind: 'network_error'; readonly message: string }
  /** The realtime session reached its maximum duration or the client secret expired. */
  | { readonly kind: 'session_expired'; readonly message: string }
  /** The client replaced the connection with a new one (`renew()`): a session rollover. */
  | { readonly kind: 'rollover' };

/** A one-line description of a close reason, for messages and logs. */
export function describeCloseReason(reason: CloseReason): string {
  switch (reason.kind) {
    case 'client':
      return 'closed by the client';
    case 'auth_failed':
      return `authentication failed${reason.status ? ` (HTTP ${reason.status})` : ''}: ${reason.message}`;
    case 'server_closed':
      return `the server closed the connection with code ${reason.code}${reason.reason ? ` (${reason.reason})` : ''}`;
    case 'network_error':
      return `network error: ${reason.message}`;
    case 'session_expired':
      return `the session expired: ${reason.message}`;
    case 'rollover':
      return 'replaced by a new connection (session rollover)';
  }
}

/** Options of {@link RealtimeTransport.renew}. */
export interface RenewOptions {
  /** The model of the new session, and of the sessions after it (Azure: the deployment). */
  readonly model?: string;
}

/** The connection state of a transport, as an observable stream of snapshots. */
export type TransportStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'connecting'; readonly attempt: number }
  /** `generation` increases by one on every successful (re)connection. */
  | { readonly state: 'open'; readonly generation: number }
  | { readonly state: 'reconnecting'; readonly attempt: number; readonly reason: CloseReason }
  | { readonly state: 'closed'; readonly reason: CloseReason };

/** What a transport's {@link RealtimeTransport.listen} delivers, the three streams' contents as calls. */
export interface TransportListener {
  /** A server event (as `events$` emits it). */
  received(value: unknown): void;
  /** A transport error (as `errors$` emits it). */
  error(error: TransportError): void;
  /** The connection state (as `status$` emits it; the current one first). */
  status(status: TransportStatus): void;
  /** The transport closed for good (where `events$` completes); nothing but errors follows. */
  ended(): void;
}

/**
 * The wire between a session and a realtime model. Transports speak one dialect on the wire (GA or
 * beta) and translate at their edge: `send` takes canonical GA client events and `events$` emits
 * decoded server events in canonical GA form. Validation of those events is the session's job.
 *
 * @example
 * ```ts
 * import type { RealtimeTransport } from '@switchboard/core';
 * import { websocketTransport } from '@switchboard/transport-websocket';
 *
 * const transport: RealtimeTransport = websocketTransport({ dialect: 'ga', url: 'ws://127.0.0.1:8080/v1/realtime' });
 * transport.events$.subscribe((event) => console.log(event));
 * await transport.connect();
 * transport.send({ type: 'response.create' });
 * ```
 */
export interface RealtimeTransport {
  /**
   * Every server event as decoded from the wire, mapped to the GA dialect. Values are untrusted:
   * a value that is not a JSON object (bad JSON arrives as the raw string) is the session's to report.
   * Events from a connection that has since been replaced are never emitted.
   */
  readonly events$: Observable<unknown>;
  /** Connection state; replays the current state to new subscribers. */
  readonly status$: Observable<TransportStatus>;
  /**
   * Events that could not be delivered, and other transport-level failures, each a class of
   * `TransportErrorMap` (a transport package adds its own classes there).
   */
  readonly errors$: Observable<TransportError>;
  /**
   * Optional: hands `listener` what `events$`, `errors$` and `status$` carry, without RxJS (the
   * current status at once, then every event, error and status in order, and `ended()` where
   * `events$` completes). A session uses it when present: a subscription to each of the three
   * streams costs an idle session more heap than the rest of its wiring. `TransportLifecycle.listen`
   * implements it for transports built on it.
   */
  listen?(listener: TransportListener): void;
  /**
   * Who plays the model's audio. `server` (WebRTC, SIP): the API streams it to the listener and
   * knows what was heard, so an interruption also sends `output_audio_buffer.clear`. Absent or
   * `client` (WebSocket): the app plays it and reports `playedMs` when it interrupts.
   */
  readonly playback?: 'client' | 'server';
  /**
   * For transports whose own player stops the model's audio when the listener speaks or the app
   * interrupts (a phone bridge's `clear`): emits how many ms of the latest assistant audio item the
   * listener had heard when playback was cut, known from the player (Twilio's echoed marks), never
   * guessed from the clock. The session truncates the item there (`conversation.item.truncate`).
   */
  readonly playbackCut$?: Observable<{ readonly playedMs: number }>;
  /**
   * Phone transports: ends the call itself (SIP: `calls.hangup`; Twilio: ends the media stream), then
   * closes like `close()`. The session's `hangup()` calls it.
   */
  hangup?(): Promise<void>;
  /**
   * Where the model's events come from, which decides how far they are trusted. `direct`: this
   * process reads the model's own stream (server WebSocket, a sideband or SIP control socket).
   * `relayed`: a browser forwards them (the relay mode of WebRTC), so any of them may be forged; a
   * session refuses there what only the model may ask for (tools marked so, handoffs that widen the
   * tool set). Absent: treated as `direct` (the transport reads the model itself).
   */
  readonly modelEvents?: 'direct' | 'relayed';
  /**
   * Who else can change the model's session. `shared`: a browser holds its own channel to the same
   * realtime session (WebRTC: its data channel can send `session.update`), so a session watches
   * `session.updated` for a config that is not the active agent's. Absent or `exclusive`: only this
   * process can.
   */
  readonly sessionControl?: 'exclusive' | 'shared';
  /**
   * How long the server lets one realtime session live, when the transport knows (WebSocket: the
   * API's 60 minutes for GA, 30 for beta). A session rolls over before it (see `rollover` in the
   * session options).
   */
  readonly maxSessionMs?: number;
  /**
   * Replaces the open connection with a new one, to a new server session: status goes
   * `reconnecting` (reason `rollover`), then `open` with the next generation, as after a reconnect.
   * With `options.model`, the new session and every later one use that model (the API cannot
   * change a live session's model). Does nothing unless the connection is open. Absent on
   * transports that cannot open a second session for the same call (SIP, Twilio, a WebRTC call); a
   * session then cannot roll over.
   */
  renew?(options?: RenewOptions): void;
  /** Opens the connection; resolves when it is open, rejects with the close reason otherwise. */
  connect(): Promise<void>;
  /** Sends one canonical client event. Before `open` it is queued and flushed in order. */
  send(event: ClientEvent): void;
  /** Closes the connection for good (status becomes `closed` with reason `client`). */
  close(): Promise<void>;
}
