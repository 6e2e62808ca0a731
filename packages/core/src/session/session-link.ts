import { ConnectionClosedError, type SessionError } from '../errors/session-errors.js';
import { guardedSyncCall } from '../pipeline/guarded-call.js';
import type { ClientEvent, ClientEventOf, ServerEvent } from '../protocol/index.js';
import { describeCloseReason, type RealtimeTransport, type TransportStatus } from '../transport/transport.js';
import type { HistoryState } from './history.js';
import { Outbox } from './outbox.js';
import { restoreEvents, UnechoedOutputs } from './restore.js';

/** What the link needs from the session. */
export interface SessionLinkHost {
  /** The active agent's `session.update`; throws when its `instructions` do. */
  opening(): ClientEventOf<'session.update'>;
  history(): HistoryState;
  /** A new connection is a new session on the server (no voice locked yet). */
  renewed(): void;
  /** The open connection went away: what was in progress on it is lost. */
  lost(): void;
  /** A connection opened, but the agent's config cannot be built for it: nothing was sent. */
  cannotOpen(cause: unknown): void;
  /**
   * A connection opened and got the agent's config, then `items` restored conversation items (on the
   * first, those of a resumed session); `first`: the session's first connection.
   */
  opened(first: boolean, items: number): void;
  error(error: SessionError): void;
  /** The last look at each client event before it goes on the wire; returns what is sent. */
  outgoing(event: ClientEvent): ClientEvent;
}

/**
 * The session's side of its connection: client events go out through an {@link Outbox} that holds
 * them while (re)connecting; every new connection first gets the agent's `session.update`, then
 * (after a reconnect) the restored history and the outputs the old connection never echoed.
 */
export class SessionLink {
  readonly #outbox: Outbox;
  readonly #unechoed = new UnechoedOutputs();
  #generation = 0;
  /** A connection is open (false again as soon as it goes away). */
  #live = false;
  /** Sent after the agent's config on the first connection only (a resumed conversation). */
  #firstRestore: readonly ClientEvent[] = [];

  readonly #host: SessionLinkHost;

  constructor(transport: RealtimeTransport, host: SessionLinkHost) {
    this.#host = host;
    this.#outbox = new Outbox(
      (event) => {
        const sent = host.outgoing(event);
        transport.send(sent);
        this.#unechoed.delivered(sent);
      },
      (error) => host.error(error),
    );
  }

  /** Events that rebuild a resumed conversation, sent right after the agent's config on the first connection. */
  restoreOnFirstOpen(events: readonly ClientEvent[]): void {
    this.#firstRestore = events;
  }

  /** Sends now when a connection is ready, else holds the event for the next one. */
  send(event: ClientEvent): void {
    this.#outbox.send(event);
  }

  /** Follows the transport's connection state; `ended`: the session is closing or closed. */
  status(status: TransportStatus, ended: boolean): void {
    if (status.state === 'open') {
      if (!ended) this.#opened(status.generation);
    } else if (status.state === 'closed') {
      this.#outbox.fail(`the connection closed: ${describeCloseReason(status.reason)}`);
      if (status.reason.kind !== 'client') this.#host.error(new ConnectionClosedError(status.reason));
    } else {
      this.#outbox.hold();
      if (!this.#live) return;
      this.#live = false;
      this.#host.lost();
    }
  }

  /** Reads server events for the echoes of delivered outputs. */
  observe(event: ServerEvent): void {
    this.#unechoed.observe(event);
  }

  /** Outputs kept for a reconnect (tests check a closed session keeps none). */
  get unechoedOutputs(): number {
    return this.#unechoed.size;
  }

  clear(): void {
    this.#unechoed.clear();
  }

  #opened(generation: number): void {
    if (generation === this.#generation) return;
    const reconnected = this.#generation > 0;
    this.#generation = generation;
    this.#live = true;
    if (reconnected) this.#host.renewed();
    const opening = guardedSyncCall(() => this.#host.opening());
    if (opening.status === 'threw') {
      this.#host.cannotOpen(opening.error);
      return;
    }
    const restore = reconnected
      ? [...restoreEvents(this.#host.history()), ...this.#unechoed.take()]
      : this.#firstRestore;
    this.#firstRestore = [];
    this.#outbox.open([opening.value, ...restore]);
    this.#host.opened(!reconnected, restore.length);
  }
}
