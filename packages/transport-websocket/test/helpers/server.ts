import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/** One accepted connection, as the server sees it. */
export interface ServerConnection {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  /** Every text frame received, JSON-decoded, in order. */
  readonly received: unknown[];
  /** Resolves once `count` frames have arrived (immediately if they already have). */
  receivedCount(count: number): Promise<unknown[]>;
  /** Sends one value as a JSON text frame. */
  send(value: unknown): void;
}

/** What a realtime server sends first on a new session's socket. */
export const GREETING = {
  type: 'session.created',
  event_id: 'event_greeting',
  session: { type: 'realtime' },
};

/**
 * How the server answers the next upgrade requests: `accept` greets with {@link GREETING} (as the
 * API sends `session.created`); `silent` accepts and says nothing; `drop` greets and closes at once.
 */
export type UpgradeMode =
  | { readonly kind: 'accept' }
  | { readonly kind: 'silent' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'refuse'; readonly status: number; readonly statusText: string; readonly body: string };

/** A small realtime-shaped WebSocket server on 127.0.0.1, port 0. */
export interface TestServer {
  /** `ws://127.0.0.1:<port>/v1/realtime` */
  readonly url: string;
  /** `http://127.0.0.1:<port>/v1` (an API base) */
  readonly baseURL: string;
  readonly connections: ServerConnection[];
  /** Upgrade requests seen, accepted or not. */
  readonly upgrades: IncomingMessage[];
  mode: UpgradeMode;
  /** Resolves with the `index`-th accepted connection (0-based). */
  connection(index: number): Promise<ServerConnection>;
  close(): Promise<void>;
}

function waitUntil<T>(check: () => T | undefined, listeners: Set<() => void>): Promise<T> {
  return new Promise((resolve) => {
    const attempt = (): boolean => {
      const value = check();
      if (value === undefined) return false;
      listeners.delete(poll);
      resolve(value);
      return true;
    };
    const poll = (): void => {
      attempt();
    };
    if (!attempt()) listeners.add(poll);
  });
}

function refuse(socket: Duplex, mode: Extract<UpgradeMode, { kind: 'refuse' }>): void {
  const body = Buffer.from(mode.body);
  socket.end(
    `HTTP/1.1 ${mode.status} ${mode.statusText}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${mode.body}`,
  );
}

/** Starts a server that accepts every upgrade until `mode` says otherwise. */
export async function startServer(): Promise<TestServer> {
  const http = createServer((_request, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  const changed = new Set<() => void>();
  const notify = (): void => {
    for (const listener of [...changed]) listener();
  };
  const connections: ServerConnection[] = [];
  const upgrades: IncomingMessage[] = [];

  const server: TestServer = {
    url: '',
    baseURL: '',
    connections,
    upgrades,
    mode: { kind: 'accept' },
    connection: (index) => waitUntil(() => connections[index], changed),
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };

  http.on('upgrade', (request, socket, head) => {
    upgrades.push(request);
    const mode = server.mode;
    if (mode.kind === 'refuse') {
      refuse(socket, mode);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const received: unknown[] = [];
      ws.on('message', (data) => {
        received.push(JSON.parse(String(data)));
        notify();
      });
      connections.push({
        socket: ws,
        request,
        received,
        receivedCount: (count) => waitUntil(() => (received.length >= count ? received : undefined), changed),
        send: (value) => ws.send(JSON.stringify(value)),
      });
      // A `?call_id=` socket attaches to a call that already exists: the API sends nothing first.
      const greets = mode.kind === 'accept' || mode.kind === 'drop';
      if (greets && !request.url?.includes('call_id=')) ws.send(JSON.stringify(GREETING));
      if (mode.kind === 'drop') ws.close(1011, 'dropped at once');
      notify();
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return Object.assign(server, {
    url: `ws://127.0.0.1:${port}/v1/realtime`,
    baseURL: `http://127.0.0.1:${port}/v1`,
  });
}
