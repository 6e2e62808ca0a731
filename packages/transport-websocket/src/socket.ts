import type { CredentialStyle, RealtimeEndpoint } from './endpoint.js';
import type { WebSocketConstructor } from './options.js';

/** What one socket reports. Exactly one of `closed` / `rejected` ends it; nothing follows it. */
export interface WireListener {
  open(): void;
  text(data: string): void;
  binary(byteLength: number): void;
  /** A failure that a close will follow; its message makes the close reason readable. */
  error(message: string): void;
  closed(code: number, reason: string): void;
  /** The server answered the upgrade with an HTTP status (Node only; browsers hide it). */
  rejected(status: number, statusText: string, body: string): void;
}

/** One socket, seen through the few operations the transport needs. */
export interface WireSocket {
  /** Writes a text frame; `onFailure` runs when it is known not to have been written. */
  send(text: string, onFailure: (message: string) => void): void;
  /** Starts the close handshake; resolves once closed (ends the socket after `CLOSE_TIMEOUT_MS`). */
  close(code: number, reason: string): Promise<void>;
}

/** The surface shared by `ws` and the browser `WebSocket` (plus `ws`'s extras, when present). */
interface SocketLike {
  binaryType?: string;
  send(data: string, callback?: (error?: Error) => void): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  on?(event: string, listener: (...args: never[]) => void): unknown;
  terminate?(): void;
}

/** How long `close()` waits for the server's close frame before ending the socket. */
const CLOSE_TIMEOUT_MS = 2_000;
/** How much of a refused upgrade's body is read, and for how long. */
const MAX_BODY_BYTES = 16_384;
const BODY_TIMEOUT_MS = 2_000;

function isSocketLike(value: object): value is SocketLike {
  const candidate = value as Partial<Record<keyof SocketLike, unknown>>;
  return (
    typeof candidate.send === 'function' &&
    typeof candidate.close === 'function' &&
    typeof candidate.addEventListener === 'function'
  );
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function byteLengthOf(data: unknown): number {
  const byteLength = field(data, 'byteLength');
  if (typeof byteLength === 'number') return byteLength;
  const size = field(data, 'size'); // Blob
  if (typeof size === 'number') return size;
  return Array.isArray(data) ? data.reduce((sum: number, part: unknown) => sum + byteLengthOf(part), 0) : 0;
}

function errorMessageOf(event: unknown): string {
  const message = field(event, 'message') ?? field(field(event, 'error'), 'message');
  return typeof message === 'string' && message !== '' ? message : 'WebSocket error';
}

/** Lets a timer not keep a Node process alive (browsers have no such thing). */
export function unrefTimer(timer: unknown): void {
  const unref = field(timer, 'unref');
  if (typeof unref === 'function') unref.call(timer);
}

/**
 * Opens a socket with `WebSocket` and adapts its events to `listener`. In `headers` style the
 * third constructor argument carries the handshake headers (`ws`); in `subprotocol` style only
 * URL and subprotocols are passed (browsers). Throws what the constructor throws (bad URL…).
 */
export function dial(
  WebSocket: WebSocketConstructor,
  endpoint: RealtimeEndpoint,
  style: CredentialStyle,
  listener: WireListener,
): WireSocket {
  const instance =
    style === 'headers'
      ? new WebSocket(endpoint.url, [...endpoint.protocols], { headers: { ...endpoint.headers } })
      : new WebSocket(endpoint.url, [...endpoint.protocols]);
  if (!isSocketLike(instance)) {
    throw new TypeError(
      'the WebSocket option must construct an object with send, close and addEventListener',
    );
  }
  const socket = instance;
  if ('binaryType' in socket) socket.binaryType = 'arraybuffer';

  let ended = false;
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const end = (report: () => void): void => {
    resolveClosed();
    if (ended) return;
    ended = true;
    report();
  };
  const terminate = (): void => {
    if (typeof socket.terminate === 'function') socket.terminate();
    else socket.close();
  };

  const reportClose = (code: unknown, reason: unknown): void =>
    end(() =>
      listener.closed(typeof code === 'number' ? code : 1006, typeof reason === 'string' ? reason : ''),
    );
  const on = socket.on?.bind(socket);
  const isWs = on !== undefined && typeof socket.terminate === 'function';
  if (isWs) {
    // `ws`: its own events, without the DOM-style wrapper `addEventListener` makes per listener.
    on('open', () => {
      if (!ended) listener.open();
    });
    on('message', (data: { toString(): string; byteLength?: number }, isBinary: boolean) => {
      if (ended) return;
      if (isBinary) listener.binary(byteLengthOf(data));
      else listener.text(data.toString());
    });
    on('error', (error: unknown) => {
      if (!ended) listener.error(errorMessageOf({ error }));
    });
    on('close', (code: number, reason: { toString(): string }) => reportClose(code, reason.toString()));
  } else {
    socket.addEventListener('open', () => {
      if (!ended) listener.open();
    });
    socket.addEventListener('message', (event) => {
      if (ended) return;
      const data = field(event, 'data');
      if (typeof data === 'string') listener.text(data);
      else listener.binary(byteLengthOf(data));
    });
    socket.addEventListener('error', (event) => {
      if (!ended) listener.error(errorMessageOf(event));
    });
    socket.addEventListener('close', (event) => reportClose(field(event, 'code'), field(event, 'reason')));
  }
  // `ws` only: with a listener here it reports the HTTP answer instead of a bare error.
  on?.('unexpected-response', (_request: unknown, response: unknown) => {
    readResponse(response)
      .then(({ status, statusText, body }) => {
        end(() => listener.rejected(status, statusText, body));
        terminate();
      })
      .catch(terminate);
  });

  // `ws`: frames written in one burst (a response's outputs and the `response.create` after them)
  // leave in one `writev` instead of a system call each.
  let corked = false;
  const cork = (): void => {
    const raw = field(socket, '_socket') as { cork?: unknown; uncork?: unknown } | undefined;
    if (corked || typeof raw?.cork !== 'function' || typeof raw.uncork !== 'function') return;
    const uncork = raw.uncork as () => void;
    (raw.cork as () => void).call(raw);
    corked = true;
    queueMicrotask(() => {
      corked = false;
      uncork.call(raw);
    });
  };

  return {
    send(text, onFailure) {
      try {
        if (isWs) cork();
        socket.send(text, (error) => {
          if (error) onFailure(error.message);
        });
      } catch (error) {
        onFailure(error instanceof Error ? error.message : String(error));
      }
    },
    close(code, reason) {
      if (!ended) {
        try {
          socket.close(code, reason);
        } catch {
          terminate();
        }
        const timer = setTimeout(terminate, CLOSE_TIMEOUT_MS);
        unrefTimer(timer);
        const stop = () => clearTimeout(timer);
        closed.then(stop, stop);
      }
      return closed;
    },
  };
}

/** Reads status and (the start of) the body of a refused upgrade, a Node `IncomingMessage`. */
function readResponse(response: unknown): Promise<{ status: number; statusText: string; body: string }> {
  const status = field(response, 'statusCode');
  const statusText = field(response, 'statusMessage');
  const head = {
    status: typeof status === 'number' ? status : 0,
    statusText: typeof statusText === 'string' ? statusText : '',
  };
  const on = field(response, 'on');
  if (typeof on !== 'function') return Promise.resolve({ ...head, body: '' });
  return new Promise((resolve) => {
    const chunks: string[] = [];
    let size = 0;
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...head, body: chunks.join('') });
    };
    const timer = setTimeout(finish, BODY_TIMEOUT_MS);
    unrefTimer(timer);
    on.call(response, 'data', (chunk: unknown) => {
      if (size >= MAX_BODY_BYTES) return;
      const text = typeof chunk === 'string' ? chunk : String(chunk);
      chunks.push(text);
      size += text.length;
      if (size >= MAX_BODY_BYTES) finish();
    });
    on.call(response, 'end', finish);
    on.call(response, 'error', finish);
    on.call(response, 'close', finish);
  });
}
