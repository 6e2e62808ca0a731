import {
  type ClientEvent,
  type CloseReason,
  describeCloseReason,
  type RealtimeTransport,
  TransportConnectError,
  type TransportError,
  TransportSendError,
  type TransportStatus,
} from '@switchboard/core';
import { type Dialect, decodeJson, getDialect, isRecord, ProtocolError } from '@switchboard/core/protocol';
import { type Observable, ReplaySubject, Subject } from 'rxjs';
import { closeReasonFromClose, closeReasonFromErrorEvent, closeReasonFromRejection } from './close-reason.js';
import { type CredentialStyle, type RealtimeEndpoint, resolveEndpoint } from './endpoint.js';
import { readEnv } from './env.js';
import { BinaryFrameError, MissingApiKeyError } from './errors.js';
import {
  MAX_BACKOFF_MS,
  type ReconnectOptions,
  type WebSocketConstructor,
  type WebSocketTransportOptions,
} from './options.js';
import { backoffDelay, isRetryable, reconnectPolicy } from './reconnect-policy.js';
import { dial, type WireListener, type WireSocket } from './socket.js';

/** How the entry point (Node or browser) opens sockets. */
export interface SocketPlatform {
  readonly style: CredentialStyle;
  readonly WebSocket: WebSocketConstructor;
  /** Environment lookup; the browser entry passes one that finds nothing. */
  readonly env?: (name: string) => string | undefined;
}

/** One dial: a socket plus what it told us before it ended. */
interface Connection {
  socket: WireSocket | undefined;
  opened: boolean;
  /** A close reason announced by an `error` event (session expired, key refused). */
  announced: CloseReason | undefined;
  lastError: string | undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A server event the dialect could not map: reported like any malformed server event, and dropped. */
function unmappable(dialect: Dialect, event: Record<string, unknown>, error: unknown): ProtocolError {
  const message = `could not be mapped from the ${dialect.name} dialect: ${messageOf(error)}`;
  const eventType = typeof event.type === 'string' ? event.type : undefined;
  return new ProtocolError({ direction: 'server', eventType, issues: [{ path: '', message }], raw: event });
}

/**
 * A `RealtimeTransport` over one WebSocket at a time. Use `websocketTransport()` to make one.
 *
 * Lifecycle: `idle` → `connecting` → `open` (generation 1) → [`reconnecting` → `open`
 * (generation n + 1)]… → `closed`. Events sent before `open` are queued and written, in order,
 * before `open` is announced. Events that cannot be delivered become `TransportSendError`s on
 * `errors$`, which (unlike `events$` and `status$`) stays open after close so that a late `send()`
 * is still reported.
 */
export class WebSocketTransport implements RealtimeTransport {
  readonly events$: Observable<unknown>;
  readonly status$: Observable<TransportStatus>;
  readonly errors$: Observable<TransportError>;

  readonly #events = new Subject<unknown>();
  readonly #errors = new Subject<TransportError>();
  readonly #status = new ReplaySubject<TransportStatus>(1);
  readonly #dialect: Dialect;
  readonly #endpoint: RealtimeEndpoint | MissingApiKeyError;
  readonly #platform: SocketPlatform;
  readonly #reconnect: ReconnectOptions;

  #state: TransportStatus = { state: 'idle' };
  #queue: ClientEvent[] = [];
  #connection: Connection | undefined;
  #generation = 0;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #connecting: Promise<void> | undefined;
  #settle: { resolve(): void; reject(error: Error): void } | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: WebSocketTransportOptions, platform: SocketPlatform) {
    this.#platform = platform;
    this.#dialect = getDialect(options.dialect);
    this.#endpoint = resolveEndpoint(options, platform.style, platform.env ?? readEnv);
    this.#reconnect = reconnectPolicy(options.reconnect);
    this.events$ = this.#events.asObservable();
    this.status$ = this.#status.asObservable();
    this.errors$ = this.#errors.asObservable();
    this.#status.next(this.#state);
  }

  /** The current status (the value `status$` replays). */
  get status(): TransportStatus {
    return this.#state;
  }

  /**
   * Dials; resolves on the first `open`, rejects with a `TransportConnectError` (a
   * `MissingApiKeyError` when there is no key) if the connection closes first. Repeated calls
   * return the same promise; after `closed` it rejects with the close reason.
   */
  connect(): Promise<void> {
    if (this.#state.state === 'closed') return Promise.reject(new TransportConnectError(this.#state.reason));
    if (this.#connecting) return this.#connecting;
    this.#connecting = new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    const endpoint = this.#endpoint;
    if (endpoint instanceof MissingApiKeyError) {
      this.#finish(endpoint.reason, endpoint);
    } else {
      this.#setStatus({ state: 'connecting', attempt: 1 });
      this.#dial(endpoint);
    }
    return this.#connecting;
  }

  /** Writes one canonical client event in the wire dialect, or queues it until `open`. */
  send(event: ClientEvent): void {
    if (this.#state.state === 'closed') {
      this.#errors.next(
        new TransportSendError(event, `the transport is closed (${describeCloseReason(this.#state.reason)})`),
      );
    } else if (this.#state.state === 'open' && this.#connection?.socket) {
      this.#write(this.#connection.socket, event);
    } else {
      this.#queue.push(event);
    }
  }

  /** Closes for good with reason `client`; resolves once the socket has closed. Idempotent. */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    const socket = this.#connection?.socket;
    this.#connection = undefined;
    this.#finish({ kind: 'client' });
    this.#closing = socket ? socket.close(1000, 'client closed') : Promise.resolve();
    return this.#closing;
  }

  #dial(endpoint: RealtimeEndpoint): void {
    const connection: Connection = {
      socket: undefined,
      opened: false,
      announced: undefined,
      lastError: undefined,
    };
    this.#connection = connection;
    try {
      connection.socket = dial(
        this.#platform.WebSocket,
        endpoint,
        this.#platform.style,
        this.#listen(connection),
      );
    } catch (error) {
      this.#ended(connection, { kind: 'network_error', message: messageOf(error) });
    }
  }

  /** Socket callbacks, each ignored once `connection` is no longer the current one. */
  #listen(connection: Connection): WireListener {
    const current = (): boolean => this.#connection === connection;
    return {
      open: () => {
        if (!current() || !connection.socket) return;
        connection.opened = true;
        this.#generation += 1;
        this.#attempt = 0;
        // Queued events go out before `open` is announced, so anything sent in reaction to
        // `open` lands after them and the order of send() calls is kept.
        const queued = this.#queue;
        this.#queue = [];
        for (const event of queued) this.#write(connection.socket, event);
        this.#setStatus({ state: 'open', generation: this.#generation });
        this.#settle?.resolve();
        this.#settle = undefined;
      },
      text: (data) => {
        if (current()) this.#receive(connection, data);
      },
      binary: (byteLength) => {
        if (current()) this.#errors.next(new BinaryFrameError(byteLength));
      },
      error: (message) => {
        if (current()) connection.lastError = message;
      },
      closed: (code, reason) => {
        this.#ended(connection, closeReasonFromClose(code, reason, connection));
      },
      rejected: (status, statusText, body) => {
        this.#ended(connection, closeReasonFromRejection(status, body, statusText));
      },
    };
  }

  #receive(connection: Connection, data: string): void {
    const decoded = decodeJson(data);
    if (!isRecord(decoded)) {
      // Not an object (or not JSON at all: the raw string): the session reports it.
      this.#events.next(decoded);
      return;
    }
    let event: Record<string, unknown>;
    try {
      event = this.#dialect.serverEventToCanonical(decoded);
    } catch (error) {
      this.#errors.next(unmappable(this.#dialect, decoded, error));
      return;
    }
    const announced = closeReasonFromErrorEvent(event);
    if (announced) connection.announced = announced;
    this.#events.next(event);
  }

  #write(socket: WireSocket, event: ClientEvent): void {
    let text: string;
    try {
      text = JSON.stringify(this.#dialect.clientEventFromCanonical({ ...event }));
    } catch (error) {
      this.#errors.next(new TransportSendError(event, `could not encode it: ${messageOf(error)}`));
      return;
    }
    socket.send(text, (why) => {
      this.#errors.next(new TransportSendError(event, `the socket failed before it was written: ${why}`));
    });
  }

  /** A socket ended: reconnect when allowed, else close for good with `reason`. */
  #ended(connection: Connection, reason: CloseReason): void {
    if (this.#connection !== connection) return;
    this.#connection = undefined;
    // Only a connection that was open once is re-dialled: a first connect() fails fast.
    const mayRetry = this.#generation > 0 && isRetryable(reason) && this.#attempt < this.#reconnect.retries;
    const endpoint = this.#endpoint;
    if (!mayRetry || endpoint instanceof MissingApiKeyError) {
      this.#finish(reason);
      return;
    }
    this.#attempt += 1;
    this.#setStatus({ state: 'reconnecting', attempt: this.#attempt, reason });
    this.#retryTimer = setTimeout(
      () => {
        this.#retryTimer = undefined;
        this.#dial(endpoint);
      },
      backoffDelay(this.#attempt, this.#reconnect.backoffMs, MAX_BACKOFF_MS),
    );
  }

  /** Closes for good: reports unsent events, announces `closed`, completes the streams. */
  #finish(reason: CloseReason, connectError?: TransportConnectError): void {
    if (this.#state.state === 'closed') return;
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const unsent = this.#queue;
    this.#queue = [];
    const why = `the connection closed before it was sent (${describeCloseReason(reason)})`;
    for (const event of unsent) this.#errors.next(new TransportSendError(event, why));
    this.#setStatus({ state: 'closed', reason });
    this.#settle?.reject(connectError ?? new TransportConnectError(reason));
    this.#settle = undefined;
    this.#status.complete();
    this.#events.complete();
  }

  #setStatus(status: TransportStatus): void {
    this.#state = status;
    this.#status.next(status);
  }
}
