import { randomBytes } from 'node:crypto';
import {
  type ClientEvent,
  type CloseReason,
  type RealtimeTransport,
  TransportConfigError,
  type TransportError,
  TransportLifecycle,
  type TransportStatus,
} from '@switchboard/core';
import { DEFAULT_BASE_URL, DEFAULT_MODELS } from '@switchboard/transport-websocket';
import type { Observable } from 'rxjs';
import type { WebSocket } from 'ws';
import { type BrowserToServer, type RelayMode, TOKEN_PATTERN } from '../relay-protocol.js';
import { BrowserLink } from './browser-link.js';
import type { CallHost, CallMode } from './call-mode.js';
import { attachRelayEndpoint, type CallSlot, RelayEndpoint } from './endpoint.js';
import type { RelayRejectedError } from './errors.js';
import { hangupNotice } from './hangup.js';
import { type ResolvedLimits, resolveLimits, type WebRtcRelayTransportOptions } from './options.js';
import { originCheck } from './origin.js';
import type { RealtimeApi } from './realtime-http.js';
import { RelayCall } from './relay-call.js';
import { SidebandCall } from './sideband-call.js';

const DEFAULT_JOIN_TIMEOUT_MS = 120_000;
/** App messages held for a browser that has not joined yet. */
const MAX_HELD_APP_MESSAGES = 100;

function env(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

/**
 * One browser call as a `RealtimeTransport` (make it with `webrtcRelayTransport()`). Lifecycle:
 * `idle` → `connecting` (waiting for the browser to join with {@link token}) → `open` (generation 1:
 * the browser joined; events sent from here are held until the call's media is up, then delivered
 * in order) → `closed`. There is no reconnect: a call that drops is over, with a typed reason.
 */
export class WebRtcRelayTransport implements RealtimeTransport {
  readonly events$: Observable<unknown>;
  readonly status$: Observable<TransportStatus>;
  readonly errors$: Observable<TransportError>;
  /** The token the page must present (give it to the page, e.g. in the response that serves it). */
  readonly token: string;
  /** `relay` or `sideband`. */
  readonly mode: RelayMode;
  /** The realtime endpoint streams the audio to the browser over WebRTC and knows what was played. */
  readonly playback = 'server';
  /**
   * `relayed` in relay mode: the browser forwards the model's events, so any of them may be forged
   * (the session refuses there what only the model may ask for). `direct` in sideband mode: the
   * server reads the call's events on its own socket.
   */
  readonly modelEvents: 'direct' | 'relayed';
  /** `shared`: the browser's data channel reaches the same realtime session and can `session.update` it. */
  readonly sessionControl = 'shared';
  /** Where browsers connect. */
  readonly endpoint: RelayEndpoint;
  /** Resolves `true` once the browser reports media and data channel up, `false` if the call ends first. */
  readonly mediaReady: Promise<boolean>;

  readonly #lifecycle = new TransportLifecycle('the call ended before it was sent');
  readonly #api: RealtimeApi;
  readonly #model: string;
  readonly #limits: ResolvedLimits;
  readonly #options: WebRtcRelayTransportOptions;
  readonly #allowsOrigin: (origin: string | undefined) => boolean;
  readonly #slot: CallSlot;
  #link: BrowserLink | undefined;
  #call: CallMode | undefined;
  /** The call was started with the events sent until then: later ones go straight to it. */
  #started = false;
  #heldApp: unknown[] = [];
  #joinTimer: ReturnType<typeof setTimeout> | undefined;
  #stopping: Promise<void> | undefined;
  #markReady: (ready: boolean) => void = () => {};

  constructor(options: WebRtcRelayTransportOptions) {
    if (options.mode !== 'relay' && options.mode !== 'sideband') {
      throw new TransportConfigError(
        'webrtc-relay',
        'mode',
        `expected 'relay' or 'sideband', got ${JSON.stringify(options.mode)}`,
      );
    }
    if (options.mode === 'sideband' && options.dialect === 'beta') {
      throw new TransportConfigError(
        'webrtc-relay',
        'dialect',
        'sideband calls are a GA feature; use the relay mode for beta',
      );
    }
    const ttl = options.clientSecretTtlSeconds ?? 60;
    if (!Number.isInteger(ttl) || ttl < 10 || ttl > 7200) {
      throw new TransportConfigError(
        'webrtc-relay',
        'clientSecretTtlSeconds',
        `expected a whole number from 10 to 7200, got ${ttl}`,
      );
    }
    this.token = options.token ?? randomBytes(32).toString('base64url');
    if (!TOKEN_PATTERN.test(this.token)) {
      throw new TransportConfigError(
        'webrtc-relay',
        'token',
        'use 16 to 256 characters from A–Z, a–z, 0–9 and . _ ~ -',
      );
    }
    this.#options = options;
    this.mode = options.mode;
    this.modelEvents = options.mode === 'relay' ? 'relayed' : 'direct';
    this.#allowsOrigin = originCheck(options.allowedOrigins);
    this.#limits = resolveLimits(options.limits);
    this.#model = options.model ?? DEFAULT_MODELS[options.dialect ?? 'ga'];
    const baseURL = (options.baseURL ?? env('OPENAI_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.#api = { baseURL, apiKey: options.apiKey ?? env('OPENAI_API_KEY'), fetch: options.fetch ?? fetch };
    this.endpoint =
      options.endpoint instanceof RelayEndpoint
        ? options.endpoint
        : attachRelayEndpoint(options.endpoint, options.path === undefined ? {} : { path: options.path });
    this.events$ = this.#lifecycle.events$;
    this.status$ = this.#lifecycle.status$;
    this.errors$ = this.#lifecycle.errors$;
    this.mediaReady = new Promise((resolve) => {
      this.#markReady = resolve;
    });
    const claimed = () => this.#link !== undefined || this.#lifecycle.closed;
    this.#slot = {
      allowsOrigin: (origin) => this.#allowsOrigin(origin),
      get claimed() {
        return claimed();
      },
      accept: (socket) => this.#accept(socket),
      rejected: (error: RelayRejectedError) => this.#lifecycle.error(error),
    };
    this.endpoint.register(this.token, this.#slot);
  }

  /** The current status (the value `status$` replays). */
  get status(): TransportStatus {
    return this.#lifecycle.status;
  }

  /** Waits for the browser to join; rejects if it does not within `joinTimeoutMs` or the call ends first. */
  connect(): Promise<void> {
    return this.#lifecycle.connect(() => {
      this.#lifecycle.connecting(1);
      const timeout = this.#options.joinTimeoutMs ?? DEFAULT_JOIN_TIMEOUT_MS;
      this.#joinTimer = setTimeout(() => {
        this.#finish({ kind: 'network_error', message: `no browser joined within ${timeout} ms` });
      }, timeout);
      if (this.#link) this.#join();
    });
  }

  /** Sends a client event to the call (held until the call's media is up, then delivered in order). */
  send(event: ClientEvent): void {
    if (this.#lifecycle.refuseIfClosed(event)) return;
    if (this.#started) this.#call?.send(event);
    else this.#lifecycle.hold(event);
  }

  /**
   * Sends any JSON value to the page (the browser module's `app` event): transcripts, tool calls,
   * handoffs, whatever the page should show. Held until the browser joins; dropped after close.
   */
  sendAppMessage(payload: unknown): void {
    if (this.#link) this.#link.send({ type: 'app', payload });
    else if (!this.#lifecycle.closed && this.#heldApp.length < MAX_HELD_APP_MESSAGES)
      this.#heldApp.push(payload);
  }

  /** Hangs up: tells the browser, closes its socket and (sideband) the call. Idempotent. */
  close(): Promise<void> {
    this.#finish({ kind: 'client' });
    return this.#stopping ?? Promise.resolve();
  }

  #accept(socket: WebSocket): void {
    this.#link = new BrowserLink(socket, this.#limits, {
      message: (message) => this.#browserMessage(message),
      violation: (error) => this.#lifecycle.error(error),
      closed: (code, reason) => this.#finish(browserCloseReason(code, reason)),
    });
    for (const payload of this.#heldApp) this.#link.send({ type: 'app', payload });
    this.#heldApp = [];
    if (this.#lifecycle.awaitingOpen) this.#join();
  }

  #join(): void {
    const link = this.#link;
    if (!link || this.#call) return;
    clearTimeout(this.#joinTimer);
    const host: CallHost = {
      link,
      api: this.#api,
      model: this.#model,
      emit: (event) => this.#lifecycle.emit(event),
      error: (error) => this.#lifecycle.error(error),
      end: (reason) => this.#finish(reason),
    };
    this.#call =
      this.mode === 'relay'
        ? new RelayCall(host, {
            dialect: this.#options.dialect ?? 'ga',
            ttlSeconds: this.#options.clientSecretTtlSeconds ?? 60,
          })
        : new SidebandCall(host);
    // The session answers `open` with its `session.update` (synchronously); the call is set up
    // with everything sent by then, so the secret or the call carries the active agent's config.
    this.#lifecycle.open();
    queueMicrotask(() => {
      if (this.#started || this.#lifecycle.closed || !this.#call) return;
      this.#started = true;
      this.#call.start(this.#lifecycle.takeHeld());
    });
  }

  #browserMessage(message: BrowserToServer): void {
    if (message.type === 'hangup') {
      this.#finish({ kind: 'server_closed', code: 1000, reason: 'the browser hung up' });
      return;
    }
    if (message.type === 'failed') {
      this.#finish({
        kind: 'network_error',
        message: `the browser failed (${message.code}): ${message.message}`,
      });
      return;
    }
    if (message.type === 'ready') this.#markReady(true);
    this.#call?.browserMessage(message);
  }

  /** Closes for good (see `TransportLifecycle.finish`), then releases the call and the socket. */
  #finish(reason: CloseReason): void {
    clearTimeout(this.#joinTimer);
    if (!this.#lifecycle.finish(reason)) return;
    this.#markReady(false);
    this.endpoint.unregister(this.token, this.#slot);
    const link = this.#link;
    link?.send({ type: 'hangup', ...hangupNotice(reason) });
    this.#stopping = Promise.all([this.#call?.stop(), link?.close(1000, 'call ended')]).then(() => {});
  }
}

/** How a browser socket's close reads to the session. */
function browserCloseReason(code: number, reason: string): CloseReason {
  if (code === 1006)
    return { kind: 'network_error', message: 'the browser connection dropped without a close frame' };
  return { kind: 'server_closed', code, reason: reason || 'the browser closed the connection' };
}
