import {
  type BrowserToServer,
  RELAY_PROTOCOL,
  type ServerToBrowser,
  TOKEN_PROTOCOL_PREFIX,
} from '../relay-protocol.js';
import { RealtimeCallError } from './errors.js';

type Waiter = {
  readonly type: ServerToBrowser['type'];
  resolve(message: ServerToBrowser): void;
  reject(error: RealtimeCallError): void;
};

/**
 * The page's end of the relay socket: opens it with the token as a subprotocol, hands each server
 * message to `onMessage` (or to whoever waits for that type), and reports the close once.
 */
export class Signalling {
  readonly #socket: WebSocket;
  readonly #waiters = new Set<Waiter>();
  /** Messages sent before the socket opened (a failure report can come that early). */
  readonly #unsent: BrowserToServer[] = [];
  #closeWhenOpen: { code: number; reason: string } | undefined;
  #closed: { code: number; reason: string } | undefined;
  onMessage: (message: ServerToBrowser) => void = () => {};
  onClose: (code: number, reason: string) => void = () => {};

  constructor(url: string, token: string) {
    this.#socket = new WebSocket(url, [RELAY_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]);
    this.#socket.addEventListener('message', (event) => this.#receive(event.data));
    this.#socket.addEventListener('open', () => {
      for (const message of this.#unsent.splice(0)) this.#socket.send(JSON.stringify(message));
      if (this.#closeWhenOpen) this.#socket.close(this.#closeWhenOpen.code, this.#closeWhenOpen.reason);
    });
    this.#socket.addEventListener('close', (event) => {
      if (this.#closed) return;
      this.#closed = { code: event.code, reason: event.reason };
      const error = new RealtimeCallError('socket_closed', closeMessage(event.code, event.reason));
      for (const waiter of this.#waiters) waiter.reject(error);
      this.#waiters.clear();
      this.onClose(event.code, event.reason);
    });
  }

  /** The socket itself (for state checks). */
  get socket(): WebSocket {
    return this.#socket;
  }

  /** Sends one message (held until the socket opens); nothing once it is closing. */
  send(message: BrowserToServer): void {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
    else if (this.#socket.readyState === WebSocket.CONNECTING && !this.#closeWhenOpen)
      this.#unsent.push(message);
  }

  /** The next message of `type`; rejects on timeout, on close, or when the server hangs up first. */
  next<T extends ServerToBrowser['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<ServerToBrowser, { type: T }>> {
    if (this.#closed) {
      return Promise.reject(
        new RealtimeCallError('socket_closed', closeMessage(this.#closed.code, this.#closed.reason)),
      );
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new RealtimeCallError('timeout', `no "${type}" from the server within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Extract<ServerToBrowser, { type: T }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  /**
   * Closes the socket (idempotent). A socket still connecting with messages held is closed right
   * after it opens and delivers them, so the server learns why the call ended (a denied microphone).
   */
  close(code = 1000, reason = ''): void {
    if (this.#socket.readyState === WebSocket.CONNECTING && this.#unsent.length > 0) {
      this.#closeWhenOpen ??= { code, reason };
    } else if (
      this.#socket.readyState === WebSocket.CONNECTING ||
      this.#socket.readyState === WebSocket.OPEN
    ) {
      this.#socket.close(code, reason);
    }
  }

  #receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: ServerToBrowser;
    try {
      message = JSON.parse(data) as ServerToBrowser;
    } catch {
      return;
    }
    for (const waiter of this.#waiters) {
      if (waiter.type === message.type) {
        this.#waiters.delete(waiter);
        waiter.resolve(message);
        return;
      }
      if (message.type === 'hangup') {
        this.#waiters.delete(waiter);
        waiter.reject(new RealtimeCallError('socket_closed', `the server ended the call: ${message.reason}`));
      }
    }
    this.onMessage(message);
  }
}

function closeMessage(code: number, reason: string): string {
  if (code === 1006)
    return 'the relay socket closed without a close frame (refused: bad token or origin, or unreachable)';
  return `the relay socket closed (${code}${reason ? `: ${reason}` : ''})`;
}
