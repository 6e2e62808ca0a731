import {
  API_MAX_SESSION_MS,
  type ClientEvent,
  type CloseReason,
  type RealtimeTransport,
  type RenewOptions,
  type TransportConnectError,
  type TransportError,
  TransportLifecycle,
  type TransportListener,
  TransportSendError,
  type TransportStatus,
} from '@switchboard/core';
import { type Dialect, decodeJson, getDialect, isRecord, ProtocolError } from '@switchboard/core/protocol';
import type { Observable } from 'rxjs';
import { closeReasonFromClose, closeReasonFromErrorEvent, closeReasonFromRejection } from './close-reason.js';
import { type CredentialStyle, type RealtimeEndpoint, resolveEndpoint } from './endpoint.js';
import { readEnv } from './env.js';
import {
  BinaryFrameError,
  HandshakeTimeoutError,
  MissingApiKeyError,
  ReconnectFailedError,
} from './errors.js';
import {
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  MAX_BACKOFF_MS,
  type ReconnectOptions,
  type WebSocketConstructor,
  type WebSocketTransportOptions,
} from './options.js';
import { backoffDelay, isRetryable, positiveMs, reconnectPolicy } from './reconnect-policy.js';
import { dial, unrefTimer, type WireListener, type WireSocket } from './socket.js';

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
  /** The socket opened (the server may not have spoken yet). */
  opened: boolean;
  /** The server spoke (or, with `callId`, the socket opened): the transport announced `open`. */
  established: boolean;
  /** The handshake timeout until established; then the timer that marks the connection stable. */
  timer: ReturnType<typeof setTimeout> | undefined;
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
  /** The server reads the model's own event stream: nothing in between can forge it. */
  readonly modelEvents = 'direct';
  /**
   * `shared` when attached to a call (`callId`): the call's other side (a WebRTC browser's data
   * channel) can change the session too. `exclusive` for a session of this socket alone.
   */
  readonly sessionControl: 'exclusive' | 'shared';
  /** The API's session cap for the dialect; absent with `callId` (the call's cap is not this socket's). */
  readonly maxSessionMs: number | undefined;
  /**
   * Replaces the open socket with a new one, to a new server session (a session rollover): status
   * goes `reconnecting` (reason `rollover`) then `open` with the next generation. The new dial is
   * not a retry: it does not count against `reconnect.retries`. With `model`, that socket and every
   * later one (reconnects included) ask for that model (Azure: that deployment). Absent with
   * `callId`: the socket attaches to a call, and a new socket would attach to the same session.
   */
  readonly renew: ((options?: RenewOptions) => void) | undefined;

  readonly #lifecycle = new TransportLifecycle('the connection closed before it was sent');
  readonly #dialect: Dialect;
  #options: WebSocketTransportOptions;
  #endpoint: RealtimeEndpoint | MissingApiKeyError;
  readonly #platform: SocketPlatform;
  readonly #reconnect: Required<ReconnectOptions>;
  /** How long the server has to send its first event; `undefined` with `callId` (it sends none). */
  readonly #handshakeMs: number | undefined;

  #connection: Connection | undefined;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: WebSocketTransportOptions, platform: SocketPlatform) {
    this.#platform = platform;
    this.#dialect = getDialect(options.dialect);
    this.#options = options;
    this.#endpoint = resolveEndpoint(options, platform.style, platform.env ?? readEnv);
    this.#reconnect = reconnectPolicy(options.reconnect);
    this.sessionControl = options.callId === undefined ? 'exclusive' : 'shared';
    this.maxSessionMs = options.callId === undefined ? API_MAX_SESSION_MS[this.#dialect.name] : undefined;
    this.renew = options.callId === undefined ? (renew) => this.#renew(renew?.model) : undefined;
    this.#handshakeMs =
      options.callId === undefined
        ? positiveMs('handshakeTimeoutMs', options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS)
        : undefined;
  }

  /** Server events, decoded and mapped to the GA dialect (see `RealtimeTransport.events$`). */
  get events$(): Observable<unknown> {
    return this.#lifecycle.events$;
  }

  /** The connection state; replays the current one. */
  get status$(): Observable<TransportStatus> {
    return this.#lifecycle.status$;
  }

  /** Events that could not be delivered, and other transport failures. */
  get errors$(): Observable<TransportError> {
    return this.#lifecycle.errors$;
  }

  /** The three streams as calls, without RxJS (see `RealtimeTransport.listen`). */
  listen(listener: TransportListener): void {
    this.#lifecycle.listen(listener);
  }

  /** The current status (the value `status$` replays). */
  get status(): TransportStatus {
    return this.#lifecycle.status;
  }

  /**
   * Dials; resolves on the first `open` (the server's first event has arrived, or with `callId` the
   * socket is open), rejects with a `TransportConnectError` (a `MissingApiKeyError` when there is no
   * key, a `HandshakeTimeoutError` when the server stays silent) if the connection ends first.
   * Repeated calls return the same promise; after `closed` it rejects with the close reason.
   */
  connect(): Promise<void> {
    return this.#lifecycle.connect(() => {
      const endpoint = this.#endpoint;
      if (endpoint instanceof MissingApiKeyError) {
        this.#finish(endpoint.reason, endpoint);
      } else {
        this.#lifecycle.connecting(1);
        this.#dial(endpoint);
      }
    });
  }

  /** Writes one canonical client event in the wire dialect, or queues it until `open`. */
  send(event: ClientEvent): void {
    if (this.#lifecycle.refuseIfClosed(event)) return;
    const socket = this.#connection?.socket;
    if (this.#lifecycle.status.state === 'open' && socket) this.#write(socket, event);
    else this.#lifecycle.hold(event);
  }

  /** Closes for good with reason `client`; resolves once the socket has closed. Idempotent. */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    const socket = this.#connection?.socket;
    clearTimeout(this.#connection?.timer);
    this.#connection = undefined;
    this.#finish({ kind: 'client' });
    this.#closing = socket ? socket.close(1000, 'client closed') : Promise.resolve();
    return this.#closing;
  }

  #renew(model: string | undefined): void {
    const connection = this.#connection;
    if (model !== undefined && this.#lifecycle.status.state === 'open') this.#useModel(model);
    const endpoint = this.#endpoint;
    if (
      this.#lifecycle.status.state !== 'open' ||
      !connection?.socket ||
      endpoint instanceof MissingApiKeyError
    )
      return;
    clearTimeout(connection.timer);
    this.#connection = undefined;
    // close() resolves once the socket is gone and never rejects; its close event is ignored now.
    connection.socket.close(1000, 'rollover').catch(() => {});
    this.#lifecycle.reconnecting(1, { kind: 'rollover' });
    this.#dial(endpoint);
  }

  /** From now on, dial `model` (Azure: the deployment of that name). */
  #useModel(model: string): void {
    const options = this.#options;
    this.#options = options.azure
      ? { ...options, azure: { ...options.azure, deployment: model } }
      : { ...options, model };
    this.#endpoint = resolveEndpoint(this.#options, this.#platform.style, this.#platform.env ?? readEnv);
  }

  #dial(endpoint: RealtimeEndpoint): void {
    const connection: Connection = {
      socket: undefined,
      opened: false,
      established: false,
      timer: undefined,
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
        const handshakeMs = this.#handshakeMs;
        if (handshakeMs === undefined) this.#established(connection);
        else
          connection.timer = setTimeout(() => this.#handshakeTimedOut(connection, handshakeMs), handshakeMs);
      },
      text: (data) => {
        if (current() && !connection.established) this.#established(connection);
        // Something reacting to `open` may have closed the transport meanwhile.
        if (current()) this.#receive(connection, data);
      },
      binary: (byteLength) => {
        if (current()) this.#lifecycle.error(new BinaryFrameError(byteLength));
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

  /**
   * The connection is usable: queued events go out before `open` is announced, so anything sent in
   * reaction to `open` lands after them and the order of send() calls is kept. The reconnect attempt
   * count starts over only once the connection has stayed open for `stableAfterMs` (issue 10: a
   * server that accepted and closed at once was re-dialled 4,771 times in 10 s).
   */
  #established(connection: Connection): void {
    const socket = connection.socket;
    if (!socket) return;
    clearTimeout(connection.timer);
    connection.established = true;
    for (const event of this.#lifecycle.takeHeld()) this.#write(socket, event);
    connection.timer = setTimeout(() => {
      if (this.#connection === connection) this.#attempt = 0;
    }, this.#reconnect.stableAfterMs);
    unrefTimer(connection.timer);
    this.#lifecycle.open();
  }

  /** The socket opened but the server never spoke: a failed connection, with a typed error. */
  #handshakeTimedOut(connection: Connection, timeoutMs: number): void {
    if (this.#connection !== connection || connection.established) return;
    const error = new HandshakeTimeoutError(timeoutMs);
    this.#lifecycle.error(error);
    const socket = connection.socket;
    this.#ended(connection, error.reason, error);
    // close() resolves once the socket is gone and never rejects.
    socket?.close(1000, 'no server event').catch(() => {});
  }

  #receive(connection: Connection, data: string): void {
    const decoded = decodeJson(data);
    if (!isRecord(decoded)) {
      // Not an object (or not JSON at all: the raw string): the session reports it.
      this.#lifecycle.emit(decoded);
      return;
    }
    let event: Record<string, unknown>;
    try {
      event = this.#dialect.serverEventToCanonical(decoded);
    } catch (error) {
      this.#lifecycle.error(unmappable(this.#dialect, decoded, error));
      return;
    }
    const announced = closeReasonFromErrorEvent(event);
    if (announced) connection.announced = announced;
    this.#lifecycle.emit(event);
  }

  #write(socket: WireSocket, event: ClientEvent): void {
    let text: string;
    try {
      text = JSON.stringify(this.#dialect.clientEventFromCanonical({ ...event }));
    } catch (error) {
      this.#lifecycle.error(new TransportSendError(event, `could not encode it: ${messageOf(error)}`));
      return;
    }
    socket.send(text, (why) => {
      this.#lifecycle.error(new TransportSendError(event, `the socket failed before it was written: ${why}`));
    });
  }

  /** A socket ended: reconnect when allowed, else close for good with `reason`. */
  #ended(connection: Connection, reason: CloseReason, connectError?: TransportConnectError): void {
    if (this.#connection !== connection) return;
    clearTimeout(connection.timer);
    this.#connection = undefined;
    // Only a connection that was open once is re-dialled: a first connect() fails fast.
    const retryable = this.#lifecycle.generation > 0 && isRetryable(reason) && this.#reconnect.retries > 0;
    const endpoint = this.#endpoint;
    if (!retryable || this.#attempt >= this.#reconnect.retries || endpoint instanceof MissingApiKeyError) {
      if (retryable) this.#lifecycle.error(new ReconnectFailedError(this.#attempt, reason));
      this.#finish(reason, connectError);
      return;
    }
    this.#attempt += 1;
    this.#lifecycle.reconnecting(this.#attempt, reason);
    this.#retryTimer = setTimeout(
      () => {
        this.#retryTimer = undefined;
        this.#dial(endpoint);
      },
      backoffDelay(this.#attempt, this.#reconnect.backoffMs, MAX_BACKOFF_MS),
    );
  }

  /** Closes for good (see `TransportLifecycle.finish`), with no reconnect pending. */
  #finish(reason: CloseReason, connectError?: TransportConnectError): void {
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#lifecycle.finish(reason, connectError);
  }
}
