import { Subscription } from 'rxjs';
import type { TransportError } from '../errors/transport-errors.js';
import type { RealtimeTransport, TransportListener, TransportStatus } from '../transport/transport.js';

/**
 * How a session reads its transport: through the transport's `listen` when it has one (plain calls,
 * no subscriptions: the cheapest wiring an idle session can have), else by subscribing to its three
 * streams, events and errors first and the status once {@link followStatus} is called, so that what
 * subscribes in between (a telemetry integration) sees each event after the session and each status
 * before it, as it always has. Nothing reaches the session once {@link detach} is called.
 */
export class TransportReader implements TransportListener {
  readonly #transport: RealtimeTransport;
  readonly #session: TransportListener;
  #subscriptions: Subscription | undefined;
  #detached = false;

  constructor(transport: RealtimeTransport, session: TransportListener) {
    this.#transport = transport;
    this.#session = session;
    if (transport.listen) {
      transport.listen(this);
      return;
    }
    const subscriptions = new Subscription();
    this.#subscriptions = subscriptions;
    subscriptions.add(
      transport.events$.subscribe({ next: (value) => this.received(value), complete: () => this.ended() }),
    );
    subscriptions.add(transport.errors$.subscribe((error) => this.error(error)));
  }

  /** The session no longer hears the transport. */
  get detached(): boolean {
    return this.#detached;
  }

  /** Starts following `status$` (a transport that `listen`s reported it from the start). */
  followStatus(): void {
    if (this.#subscriptions && !this.#detached)
      this.#subscriptions.add(this.#transport.status$.subscribe((status) => this.status(status)));
  }

  /** Ends `subscription` with the reader (another of the transport's streams the session follows). */
  add(subscription: Subscription | undefined): void {
    if (!subscription) return;
    this.#subscriptions ??= new Subscription();
    this.#subscriptions.add(subscription);
  }

  /** Stops delivering anything to the session and ends every subscription. */
  detach(): void {
    this.#detached = true;
    this.#subscriptions?.unsubscribe();
  }

  received(value: unknown): void {
    if (!this.#detached) this.#session.received(value);
  }

  error(error: TransportError): void {
    if (!this.#detached) this.#session.error(error);
  }

  status(status: TransportStatus): void {
    if (!this.#detached) this.#session.status(status);
  }

  ended(): void {
    if (!this.#detached) this.#session.ended();
  }
}
