import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { TransportConfigError } from '@switchboard/core';
import { type Observable, Subject } from 'rxjs';
import { type WebSocket, WebSocketServer } from 'ws';
import { RELAY_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../relay-protocol.js';
import { RelayRejectedError } from './errors.js';
import { DEFAULT_RELAY_PATH } from './options.js';

/** What a transport registers under its token (internal to the package). */
export interface CallSlot {
  /** Whether the transport takes a browser from this origin. */
  allowsOrigin(origin: string | undefined): boolean;
  /** Whether a browser already joined (tokens are single-use). */
  readonly claimed: boolean;
  /** A browser passed the checks: the socket is the transport's now. */
  accept(socket: WebSocket): void;
  /** A browser presenting this token was refused. */
  rejected(error: RelayRejectedError): void;
}

/** Frames above the largest per-transport limit anyone would set are cut by `ws` itself (close 1009). */
const MAX_PAYLOAD = 4 * 1024 * 1024;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
};

/**
 * Where browsers open their relay sockets: one path on one HTTP(S) server, shared by every transport
 * on it, each found by its token. It handles only upgrade requests for its path and leaves every
 * other request to the server's own handlers. Make one with {@link attachRelayEndpoint} or
 * {@link listenRelayEndpoint}.
 */
export class RelayEndpoint {
  /** The socket path, e.g. `/switchboard/relay`. */
  readonly path: string;
  /** Refused connections (bad token, bad origin …), for logs and tests. */
  readonly rejections$: Observable<RelayRejectedError>;
  readonly #rejections = new Subject<RelayRejectedError>();
  readonly #slots = new Map<string, CallSlot>();
  readonly #wss: WebSocketServer;
  readonly #server: Server;
  readonly #owned: boolean;
  readonly #onUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

  /** @internal use {@link attachRelayEndpoint} or {@link listenRelayEndpoint}. */
  constructor(server: Server, path: string, owned: boolean) {
    this.path = path;
    this.#server = server;
    this.#owned = owned;
    this.rejections$ = this.#rejections.asObservable();
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_PAYLOAD,
      handleProtocols: (protocols) => (protocols.has(RELAY_PROTOCOL) ? RELAY_PROTOCOL : false),
    });
    // Runs inside the server's synchronous `upgrade` emit: a throw here would end the app's
    // process, so nothing in it may throw on what a client sent (issue 10: `GET //[` did).
    this.#onUpgrade = (request, socket, head) => {
      const path = pathOf(request);
      if (path === this.path) {
        socket.on('error', () => socket.destroy());
        this.#upgrade(request, socket, head);
      } else if (this.#answersStrays(path)) {
        socket.on('error', () => socket.destroy());
        const error =
          path === undefined
            ? new RelayRejectedError('bad_request', 400, undefined, 'the request target is not a URL')
            : new RelayRejectedError('not_found', 404, undefined, `no relay endpoint at ${path}`);
        this.#refuse(socket, error);
      }
    };
    relayListeners.add(this.#onUpgrade);
    server.on('upgrade', this.#onUpgrade);
    registerEndpoint(server, this);
  }

  /** `ws://host:port/path` when the endpoint listens on its own server (`listenRelayEndpoint`). */
  get url(): string | undefined {
    if (!this.#owned) return undefined;
    const address = this.#server.address() as AddressInfo | null;
    if (!address) return undefined;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `ws://${host}:${address.port}${this.path}`;
  }

  /** Browser sockets open now. */
  get connections(): number {
    return this.#wss.clients.size;
  }

  /** @internal Transports register their token here. */
  register(token: string, slot: CallSlot): void {
    if (this.#slots.has(token)) {
      throw new TransportConfigError(
        'webrtc-relay',
        'token',
        'another transport on this endpoint already uses it: give each call its own token, or leave token out for a random one',
      );
    }
    this.#slots.set(token, slot);
  }

  /** @internal A closed transport frees its token. */
  unregister(token: string, slot: CallSlot): void {
    if (this.#slots.get(token) === slot) this.#slots.delete(token);
  }

  /** Stops taking browsers, closes open sockets (1001), and closes the server if the endpoint owns it. */
  async close(): Promise<void> {
    this.#server.off('upgrade', this.#onUpgrade);
    endpoints.get(this.#server)?.delete(this.path);
    for (const client of this.#wss.clients) client.close(1001, 'server shutting down');
    const force = setTimeout(() => {
      for (const client of this.#wss.clients) client.terminate();
    }, 500);
    force.unref();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    if (this.#owned) {
      await new Promise<void>((resolve) => {
        this.#server.close(() => resolve());
        this.#server.closeAllConnections();
      });
    }
    clearTimeout(force);
    this.#rejections.complete();
  }

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
    const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const token = protocols
      .find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))
      ?.slice(TOKEN_PROTOCOL_PREFIX.length);
    if (!protocols.includes(RELAY_PROTOCOL) || token === undefined) {
      const message = `expected the subprotocols ${RELAY_PROTOCOL} and ${TOKEN_PROTOCOL_PREFIX}<token>`;
      this.#refuse(socket, new RelayRejectedError('bad_request', 400, origin, message));
      return;
    }
    const slot = this.#slots.get(token);
    if (!slot) {
      this.#refuse(socket, new RelayRejectedError('unknown_token', 401, origin, 'unknown or expired token'));
      return;
    }
    if (slot.claimed) {
      this.#refuse(
        socket,
        new RelayRejectedError('token_used', 401, origin, 'this token was already used'),
        slot,
      );
      return;
    }
    if (!slot.allowsOrigin(origin)) {
      const message = `origin ${origin ?? '(none)'} is not allowed`;
      this.#refuse(socket, new RelayRejectedError('origin', 403, origin, message), slot);
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      // The slot may have been claimed or closed while the handshake finished.
      if (slot.claimed || this.#slots.get(token) !== slot) {
        ws.close(1008, 'token no longer valid');
        return;
      }
      slot.accept(ws);
    });
  }

  /**
   * Whether this endpoint answers an upgrade no one will take: only when every `upgrade` listener of
   * the server is a relay endpoint's, none has this path, and this one is the last to run (so no
   * socket of a bare server hangs, and an app's own upgrade handlers are never pre-empted).
   */
  #answersStrays(path: string | undefined): boolean {
    if (path !== undefined && endpoints.get(this.#server)?.has(path)) return false;
    const listeners = this.#server.listeners('upgrade');
    return (
      listeners.at(-1) === this.#onUpgrade && listeners.every((listener) => relayListeners.has(listener))
    );
  }

  #refuse(socket: Duplex, error: RelayRejectedError, slot?: CallSlot): void {
    const body = JSON.stringify({
      error: { type: 'relay_rejected', code: error.reason, message: error.message },
    });
    socket.end(
      `HTTP/1.1 ${error.status} ${STATUS_TEXT[error.status] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    this.#rejections.next(error);
    slot?.rejected(error);
  }
}

/**
 * The request's path, trailing slashes dropped; `undefined` when the target is not a URL. An
 * origin-form target is always read as a path (`//[` is the path `//[`, not a broken authority).
 */
function pathOf(request: IncomingMessage): string | undefined {
  const target = request.url ?? '/';
  try {
    const url = target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target);
    return url.pathname.replace(/(.)\/+$/, '$1');
  } catch {
    return undefined;
  }
}

/** Relay endpoints per server and path (also how `attachRelayEndpoint` shares one). */
const endpoints = new WeakMap<Server, Map<string, RelayEndpoint>>();
/** The `upgrade` listeners that belong to relay endpoints. */
const relayListeners = new WeakSet<object>();

function registerEndpoint(server: Server, endpoint: RelayEndpoint): void {
  let byPath = endpoints.get(server);
  if (!byPath) {
    byPath = new Map();
    endpoints.set(server, byPath);
  }
  byPath.set(endpoint.path, endpoint);
}

/**
 * The relay endpoint at `path` on an existing HTTP(S) server (made on first use, then shared by
 * every transport that names the same server and path). The server's other routes are untouched.
 *
 * @example
 * ```ts
 * import { createServer, type RequestListener } from 'node:http';
 * import { attachRelayEndpoint } from '@switchboard/transport-webrtc-relay';
 *
 * declare const app: RequestListener;
 * const server = createServer(app);
 * const endpoint = attachRelayEndpoint(server, { path: '/relay' });
 * ```
 */
export function attachRelayEndpoint(server: Server, options: { readonly path?: string } = {}): RelayEndpoint {
  const path = normalisePath(options.path ?? DEFAULT_RELAY_PATH);
  return endpoints.get(server)?.get(path) ?? new RelayEndpoint(server, path, false);
}

/**
 * A standalone relay endpoint on its own HTTP server (which answers plain requests with 426).
 *
 * @example
 * ```ts
 * import { listenRelayEndpoint } from '@switchboard/transport-webrtc-relay';
 *
 * const endpoint = await listenRelayEndpoint({ port: 8787 });
 * console.log(endpoint.url); // ws://127.0.0.1:8787/switchboard/relay
 * ```
 */
export async function listenRelayEndpoint(
  options: { readonly port?: number; readonly host?: string; readonly path?: string } = {},
): Promise<RelayEndpoint> {
  const server = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
    response.end('this endpoint takes WebSocket connections only');
  });
  const endpoint = new RelayEndpoint(server, normalisePath(options.path ?? DEFAULT_RELAY_PATH), true);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return endpoint;
}

function normalisePath(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
}
