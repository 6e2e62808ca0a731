import { TransportSendError } from '../errors/transport-errors.js';
import type { ClientEvent } from '../protocol/index.js';

/**
 * Holds a session's client events while its connection is not ready, so that on every (re)open the
 * session's own opening events (the agent's `session.update`, the restored history) reach the
 * server before anything the app or the tool pipeline sent meanwhile. Events that can never be
 * delivered are reported, not dropped.
 */
export class Outbox {
  #held: ClientEvent[] = [];
  #ready = false;

  readonly #deliver: (event: ClientEvent) => void;
  readonly #undeliverable: (error: TransportSendError) => void;

  constructor(deliver: (event: ClientEvent) => void, undeliverable: (error: TransportSendError) => void) {
    this.#deliver = deliver;
    this.#undeliverable = undeliverable;
  }

  /** Delivers now when the connection is ready, else holds the event. */
  send(event: ClientEvent): void {
    if (this.#ready) this.#deliver(event);
    else this.#held.push(event);
  }

  /** The connection is ready: `opening` goes out first, then everything held, in order. */
  open(opening: readonly ClientEvent[]): void {
    for (const event of opening) this.#deliver(event);
    this.#ready = true;
    for (const event of this.#held.splice(0)) this.#deliver(event);
  }

  /** The connection is (re)connecting: hold events until the next `open`. */
  hold(): void {
    this.#ready = false;
  }

  /** The connection is gone for good: every held event is reported as not sent. */
  fail(reason: string): void {
    this.#ready = false;
    for (const event of this.#held.splice(0)) this.#undeliverable(new TransportSendError(event, reason));
  }
}
