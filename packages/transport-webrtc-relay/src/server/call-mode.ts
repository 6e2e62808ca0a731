import type { ClientEvent, CloseReason, SessionConfig, TransportError } from '@switchboard/core';
import type { BrowserToServer } from '../relay-protocol.js';
import type { BrowserLink } from './browser-link.js';
import type { RealtimeApi } from './realtime-http.js';

/** What a mode (relay or sideband) needs from the transport that runs it. */
export interface CallHost {
  /** The browser's socket. */
  readonly link: BrowserLink;
  /** The realtime API, as the server reaches it. */
  readonly api: RealtimeApi;
  /** The model the call uses. */
  readonly model: string;
  /** One server event for the session (decoded, canonical; validated by the session). */
  emit(event: unknown): void;
  /** A failure that does not end the call. */
  error(error: TransportError): void;
  /** Ends the call for good with this reason. */
  end(reason: CloseReason): void;
}

/** The half of a call that differs between relay and sideband. */
export interface CallMode {
  /** The session's first events (its `session.update` …), sent while the transport announced `open`. */
  start(initial: readonly ClientEvent[]): void;
  /** Every later client event, in order. */
  send(event: ClientEvent): void;
  /** A valid message from the browser (`hangup` and `failed` are the transport's). */
  browserMessage(message: BrowserToServer): void;
  /** The call ended: release what the mode holds (sockets, the call itself). Never rejects. */
  stop(): Promise<void>;
}

/**
 * The session config the first events carry: the fields of every `session.update` among them,
 * later ones winning. The client secret (relay) or the call (sideband) is created with it, so the
 * realtime session starts as the active agent.
 */
export function initialSession(events: readonly ClientEvent[]): SessionConfig {
  let session: SessionConfig = { type: 'realtime' };
  for (const event of events) {
    if (event.type === 'session.update' && event.session.type === 'realtime')
      session = { ...session, ...event.session };
  }
  return session;
}
