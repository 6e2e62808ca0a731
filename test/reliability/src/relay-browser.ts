import WebSocket from 'ws';

/** A page's relay socket, as the browser module opens it, with what it received. */
export interface RelayPage {
  readonly socket: WebSocket;
  readonly received: Record<string, unknown>[];
  send(message: unknown): void;
  /** Resolves with the next received message of `type` (or one already received). */
  next(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  readonly closed: Promise<number>;
}

/** Opens a relay socket with a token and an origin; rejects with the HTTP status if refused. */
export function openRelayPage(url: string, token: string, origin: string): Promise<RelayPage> {
  const socket = new WebSocket(url, ['switchboard-relay.v1', `switchboard-token.${token}`], {
    headers: { origin },
  });
  const received: Record<string, unknown>[] = [];
  const listeners = new Set<() => void>();
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const listener of [...listeners]) listener();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const page: RelayPage = {
    socket,
    received,
    closed,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next: (type, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const index = received.findIndex((message) => message.type === type);
          if (index === -1) return false;
          const [found] = received.splice(index, 1);
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found as Record<string, unknown>);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`relay page: no ${type} within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) listeners.add(check);
      }),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(page));
    socket.once('unexpected-response', (_request, response) => {
      response.resume();
      reject(
        Object.assign(new Error(`refused with HTTP ${response.statusCode}`), { status: response.statusCode }),
      );
    });
    socket.once('error', reject);
  });
}
