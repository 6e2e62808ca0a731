import { WebSocket } from 'ws';
import { RELAY_PROTOCOL, type ServerToBrowser, TOKEN_PROTOCOL_PREFIX } from '../../src/relay-protocol.js';

/** A stand-in for the browser module: a `ws` client speaking the relay protocol, recording what it gets. */
export interface FakeBrowser {
  readonly socket: WebSocket;
  readonly received: ServerToBrowser[];
  /** Sends a value as one JSON frame (or a raw string as is). */
  send(message: unknown): void;
  /** Resolves with the first received message of `type` (waiting if needed). */
  next<T extends ServerToBrowser['type']>(
    type: T,
    timeoutMs?: number,
  ): Promise<Extract<ServerToBrowser, { type: T }>>;
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** Opens a relay socket like the browser module does; rejects with the HTTP status if refused. */
export function openFakeBrowser(
  url: string,
  token: string,
  options: { origin?: string; protocols?: string[] } = {},
): Promise<FakeBrowser> {
  const protocols = options.protocols ?? [RELAY_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
  const headers: Record<string, string> = {};
  if (options.origin !== undefined) headers.origin = options.origin;
  const socket = new WebSocket(url, protocols, { headers });
  const received: ServerToBrowser[] = [];
  const waiters: { type: string; resolve: (m: ServerToBrowser) => void }[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerToBrowser;
    received.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.type === message.type) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  const browser: FakeBrowser = {
    socket,
    received,
    closed,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next: (type, timeoutMs = 5000) => {
      const seen = received.find((m) => m.type === type);
      if (seen) {
        received.splice(received.indexOf(seen), 1);
        return Promise.resolve(seen as never);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          type,
          resolve: (message) => {
            clearTimeout(timer);
            received.splice(received.indexOf(message), 1);
            resolve(message as never);
          },
        });
      });
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(browser));
    socket.once('unexpected-response', (_request, response) => {
      reject(
        Object.assign(new Error(`refused with HTTP ${response.statusCode}`), { status: response.statusCode }),
      );
      response.resume();
    });
    socket.once('error', reject);
  });
}
