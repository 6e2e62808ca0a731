/** The wire dialects the framework speaks: the GA API (canonical) and the beta API (`OpenAI-Beta: realtime=v1`). */
export type DialectName = 'ga' | 'beta';

/**
 * Maps one dialect's events to and from the canonical GA form. Transports call it at the edge so the
 * rest of the framework only sees GA events; a server (local-realtime) uses the other direction to
 * speak the dialect to its clients. Every function is pure: it never mutates its input, returns a new
 * object when something changes, and passes fields it does not know through untouched.
 *
 * @example
 * ```ts
 * import { type ClientEvent, decodeJson, getDialect, isRecord } from '@switchboard/core/protocol';
 *
 * declare const socket: WebSocket;
 * declare const event: ClientEvent;
 * declare const frame: string;
 * const dialect = getDialect('beta');
 * socket.send(JSON.stringify(dialect.clientEventFromCanonical(event)));
 * const raw = decodeJson(frame);
 * const canonical = isRecord(raw) ? dialect.serverEventToCanonical(raw) : raw;
 * ```
 */
export interface Dialect {
  readonly name: DialectName;
  /** A server event as this dialect sends it → the GA form. */
  serverEventToCanonical(raw: Record<string, unknown>): Record<string, unknown>;
  /** A GA server event → as this dialect sends it (for servers speaking the dialect). */
  serverEventFromCanonical(event: Record<string, unknown>): Record<string, unknown>;
  /** A client event as this dialect sends it → the GA form (for servers speaking the dialect). */
  clientEventToCanonical(raw: Record<string, unknown>): Record<string, unknown>;
  /** A GA client event → as this dialect expects it. */
  clientEventFromCanonical(event: Record<string, unknown>): Record<string, unknown>;
}
