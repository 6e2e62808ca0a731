import type { ClientEvent } from '@switchboard/core';
import { type Dialect, decodeJson, getDialect, isRecord } from '@switchboard/core/protocol';
import type { BrowserToServer } from '../relay-protocol.js';
import { type CallHost, type CallMode, initialSession } from './call-mode.js';
import { RealtimeHttpError, RelayViolationError } from './errors.js';
import { mintCallTarget } from './realtime-http.js';
import { RelayGuard } from './relay-guard.js';

/** How often one call may ask for a fresh client secret. */
const MAX_SECRET_REFRESHES = 3;

/** Options of {@link RelayCall}. */
export interface RelayCallOptions {
  readonly dialect: 'ga' | 'beta';
  readonly ttlSeconds: number;
}

/**
 * Relay mode: the server mints a client secret carrying the session's first config and sends the
 * browser one bootstrap message (where to call, the secret, the first client events); from then on
 * each client event goes to the browser as a numbered `client_event`, and each data-channel message
 * comes back as a numbered `server_event`, checked by the {@link RelayGuard} before the session sees
 * it. The API key stays on the server; the browser only ever holds the short-lived secret.
 */
export class RelayCall implements CallMode {
  readonly #host: CallHost;
  readonly #options: RelayCallOptions;
  readonly #dialect: Dialect;
  readonly #guard = new RelayGuard();
  /** Client events waiting for the bootstrap to go out. */
  #held: ClientEvent[] | undefined = [];
  #sentId = 0;
  #receivedId = 0;
  #refreshes = 0;
  #refreshing = false;

  constructor(host: CallHost, options: RelayCallOptions) {
    this.#host = host;
    this.#options = options;
    this.#dialect = getDialect(options.dialect);
  }

  start(initial: readonly ClientEvent[]): void {
    for (const event of initial) this.#guard.declare(event);
    this.#held = [...initial];
    this.#bootstrap(initial).catch((error: unknown) => this.#failed(error));
  }

  send(event: ClientEvent): void {
    this.#guard.declare(event);
    if (this.#held) this.#held.push(event);
    else this.#forward(event);
  }

  browserMessage(message: BrowserToServer): void {
    const link = this.#host.link;
    switch (message.type) {
      case 'server_event':
        this.#receive(message.id, message.event);
        return;
      case 'refresh_secret':
        this.#refresh().catch((error: unknown) => this.#failed(error));
        return;
      case 'ready':
        return;
      default:
        link.refuse(
          new RelayViolationError('not_allowed', `"${message.type}" is not used in relay mode`, message.type),
        );
    }
  }

  stop(): Promise<void> {
    this.#held = undefined;
    return Promise.resolve();
  }

  async #bootstrap(initial: readonly ClientEvent[]): Promise<void> {
    let call: Awaited<ReturnType<typeof mintCallTarget>>;
    try {
      call = await this.#mint(initial);
    } catch (error) {
      return this.#failed(error);
    }
    const held = this.#held;
    if (!held) return;
    this.#held = undefined;
    // Everything sent while minting goes in the bootstrap too: one message, in order.
    this.#host.link.send({
      type: 'bootstrap',
      mode: 'relay',
      call,
      events: held.map((event) => this.#wire(event)),
    });
  }

  #mint(events: readonly ClientEvent[]) {
    return mintCallTarget(this.#host.api, {
      dialect: this.#options.dialect,
      model: this.#host.model,
      session: initialSession(events),
      ttlSeconds: this.#options.ttlSeconds,
    });
  }

  async #refresh(): Promise<void> {
    if (this.#refreshing) return;
    if (this.#refreshes >= MAX_SECRET_REFRESHES) {
      return this.#host.link.refuse(
        new RelayViolationError('not_allowed', 'no more client secrets for this call'),
      );
    }
    this.#refreshes += 1;
    this.#refreshing = true;
    try {
      const call = await this.#mint([]);
      this.#host.link.send({ type: 'secret', call });
    } catch (error) {
      this.#failed(error);
    } finally {
      this.#refreshing = false;
    }
  }

  #failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof RealtimeHttpError && (error.status === 401 || error.status === 403)) {
      this.#host.end({ kind: 'auth_failed', status: error.status, message });
    } else {
      this.#host.end({ kind: 'network_error', message });
    }
  }

  #forward(event: ClientEvent): void {
    this.#sentId += 1;
    this.#host.link.send({ type: 'client_event', id: this.#sentId, event: this.#wire(event) });
  }

  #wire(event: ClientEvent): Record<string, unknown> {
    return this.#dialect.clientEventFromCanonical({ ...event });
  }

  #receive(id: number, text: string): void {
    const link = this.#host.link;
    if (id <= this.#receivedId) {
      link.refuse(
        new RelayViolationError(
          'out_of_order',
          `server_event ${id} again (the last one was ${this.#receivedId})`,
        ),
      );
      return;
    }
    if (id > this.#receivedId + 1) {
      // Messages the link dropped (too large, too fast) leave a gap: reported, but the sequence goes
      // on from here (issue 10: one dropped message made every later one out of order, and the call
      // was closed). Only a replay is refused.
      const missing = id - this.#receivedId - 1;
      this.#host.error(
        new RelayViolationError('out_of_order', `${missing} server event(s) before ${id} never arrived`),
      );
    }
    this.#receivedId = id;
    const decoded = decodeJson(text);
    if (!isRecord(decoded)) {
      link.refuse(new RelayViolationError('malformed_event', 'a server event must be a JSON object'));
      return;
    }
    let canonical: Record<string, unknown>;
    try {
      canonical = this.#dialect.serverEventToCanonical(decoded);
    } catch (error) {
      link.refuse(new RelayViolationError('malformed_event', String(error)));
      return;
    }
    const checked = this.#guard.check(canonical);
    if (checked.refused) link.refuse(checked.refused);
    if (checked.ok) this.#host.emit(checked.event);
  }
}
