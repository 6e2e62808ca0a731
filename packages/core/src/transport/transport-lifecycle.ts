import type { Observable } from 'rxjs';
import {
  TransportConnectError,
  type TransportError,
  TransportSendError,
} from '../errors/transport-errors.js';
import type { ClientEvent } from '../protocol/index.js';
import { LazySubject, LazyValue } from '../rx/lazy-subjects.js';
import {
  type CloseReason,
  describeCloseReason,
  type TransportListener,
  type TransportStatus,
} from './transport.js';

/**
 * The part every transport shares: its three streams, the status machine (`idle` → `connecting` →
 * `open` (generation n) → [`reconnecting` → `open` (n + 1)]… → `closed`), the `connect()` promise
 * and the events held until the connection can take them. A transport supplies only its dialing and
 * wire, and calls {@link open} and {@link finish} as its connection comes and goes.
 *
 * Rules it keeps for every transport: `connect()` called again returns the same promise, and after
 * `closed` rejects with the close reason; `closed` happens once, reports each held event as a
 * {@link TransportSendError} and completes `status$` and `events$`; `errors$` stays open, so a
 * `send()` after close is still reported. Its streams are made when first read; a session that
 * {@link listen}s directly pays for none of them.
 *
 * @example
 * ```ts
 * import { type ClientEvent, type RealtimeTransport, TransportLifecycle } from '@switchboard/core';
 *
 * class LoopbackTransport implements RealtimeTransport {
 *   readonly #lifecycle = new TransportLifecycle();
 *   readonly events$ = this.#lifecycle.events$;
 *   readonly status$ = this.#lifecycle.status$;
 *   readonly errors$ = this.#lifecycle.errors$;
 *
 *   connect(): Promise<void> {
 *     return this.#lifecycle.connect(() => {
 *       this.#lifecycle.connecting(1);
 *       queueMicrotask(() => {
 *         this.#lifecycle.open();
 *         for (const event of this.#lifecycle.takeHeld()) this.send(event);
 *       });
 *     });
 *   }
 *
 *   send(event: ClientEvent): void {
 *     if (this.#lifecycle.refuseIfClosed(event)) return;
 *     if (this.#lifecycle.status.state !== 'open') this.#lifecycle.hold(event);
 *     else this.#lifecycle.emit({ type: 'echo', of: event.type });
 *   }
 *
 *   async close(): Promise<void> {
 *     this.#lifecycle.finish({ kind: 'client' });
 *   }
 * }
 * ```
 */
export class TransportLifecycle {
  readonly #events = new LazySubject<unknown>();
  readonly #errors = new LazySubject<TransportError>();
  readonly #status: LazyValue<TransportStatus>;
  /** Who reads the transport without RxJS (see {@link listen}). */
  #listeners: TransportListener[] | undefined;
  readonly #unsentBecause: string;
  #state: TransportStatus = { state: 'idle' };
  #generation = 0;
  #held: ClientEvent[] = [];
  #connecting: Promise<void> | undefined;
  #settle: { resolve(): void; reject(error: Error): void } | undefined;

  /**
   * @param unsentBecause - Why a held event was not sent when the transport closes, completed with
   *   the close reason (default `the connection closed before it was sent`).
   */
  constructor(unsentBecause = 'the connection closed before it was sent') {
    this.#unsentBecause = unsentBecause;
    this.#status = new LazyValue<TransportStatus>(this.#state, true);
  }

  /** Server events, raw; completes on `closed`. */
  get events$(): Observable<unknown> {
    return this.#events.observable;
  }

  /** The status; replays the current one. Completes on `closed`. */
  get status$(): Observable<TransportStatus> {
    return this.#status.observable;
  }

  /** Transport errors; never completes. */
  get errors$(): Observable<TransportError> {
    return this.#errors.observable;
  }

  /**
   * Reads the transport without RxJS: the transport's `listen` (see {@link RealtimeTransport.listen}).
   * `listener.status` gets the current status at once; the listener sees everything the three
   * streams do, in the same order, each before the streams' subscribers.
   */
  listen(listener: TransportListener): void {
    if (this.#listeners) this.#listeners.push(listener);
    else this.#listeners = [listener];
    listener.status(this.#state);
    if (this.#state.state === 'closed') listener.ended();
  }

  /** The current status (the value `status$` replays). */
  get status(): TransportStatus {
    return this.#state;
  }

  /** True once `closed` has been announced. */
  get closed(): boolean {
    return this.#state.state === 'closed';
  }

  /** How many times the transport has been `open` (0 before the first time). */
  get generation(): number {
    return this.#generation;
  }

  /** `connect()` was called and has not settled yet. */
  get awaitingOpen(): boolean {
    return this.#settle !== undefined;
  }

  /**
   * The transport's `connect()`: the first call runs `start` (the dialing) and returns a promise that
   * resolves on {@link open} and rejects on {@link finish}; later calls return that promise; after
   * `closed` it rejects with a `TransportConnectError` of the close reason.
   */
  connect(start: () => void): Promise<void> {
    if (this.#state.state === 'closed') return Promise.reject(new TransportConnectError(this.#state.reason));
    if (this.#connecting) return this.#connecting;
    this.#connecting = new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    start();
    return this.#connecting;
  }

  /** Announces `connecting` (dial attempt `attempt`). */
  connecting(attempt: number): void {
    this.#announce({ state: 'connecting', attempt });
  }

  /** Announces `reconnecting`: the connection dropped for `reason`, attempt `attempt` is under way. */
  reconnecting(attempt: number, reason: CloseReason): void {
    this.#announce({ state: 'reconnecting', attempt, reason });
  }

  /**
   * Announces `open` as a new generation and resolves a pending `connect()`. Send what {@link takeHeld}
   * returns first, so that events sent in reaction to `open` land after them.
   */
  open(): void {
    this.#generation += 1;
    this.#announce({ state: 'open', generation: this.#generation });
    this.#settle?.resolve();
    this.#settle = undefined;
  }

  /** Keeps `event` until the connection can take it (reported as unsent if it closes first). */
  hold(event: ClientEvent): void {
    this.#held.push(event);
  }

  /** The held events, in order; none are held afterwards. */
  takeHeld(): ClientEvent[] {
    const held = this.#held;
    this.#held = [];
    return held;
  }

  /** After `closed`, reports `event` as a `TransportSendError` and returns true; else returns false. */
  refuseIfClosed(event: ClientEvent): boolean {
    if (this.#state.state !== 'closed') return false;
    const why = `the transport is closed (${describeCloseReason(this.#state.reason)})`;
    this.error(new TransportSendError(event, why));
    return true;
  }

  /** Delivers a server event on `events$` (nothing after `closed`). */
  emit(event: unknown): void {
    if (this.#state.state === 'closed') return;
    if (this.#listeners) for (const listener of this.#listeners) listener.received(event);
    this.#events.next(event);
  }

  /** Reports an error on `errors$` (open for the transport's whole life, and after). */
  error(error: TransportError): void {
    if (this.#listeners) for (const listener of this.#listeners) listener.error(error);
    this.#errors.next(error);
  }

  /**
   * Closes for good, once: reports the held events as unsent, announces `closed`, rejects a pending
   * `connect()` with `connectError` (default: a `TransportConnectError` of `reason`) and completes
   * `status$` and `events$`. Returns false, doing nothing, when the transport was already closed.
   */
  finish(reason: CloseReason, connectError?: TransportConnectError): boolean {
    if (this.#state.state === 'closed') return false;
    const why = `${this.#unsentBecause} (${describeCloseReason(reason)})`;
    for (const event of this.takeHeld()) this.error(new TransportSendError(event, why));
    this.#announce({ state: 'closed', reason });
    this.#settle?.reject(connectError ?? new TransportConnectError(reason));
    this.#settle = undefined;
    this.#status.complete();
    if (this.#listeners) for (const listener of this.#listeners) listener.ended();
    this.#events.complete();
    return true;
  }

  #announce(status: TransportStatus): void {
    this.#state = status;
    if (this.#listeners) for (const listener of this.#listeners) listener.status(status);
    this.#status.next(status);
  }
}
