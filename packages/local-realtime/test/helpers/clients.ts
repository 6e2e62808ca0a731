import type { ClientEvent } from '@switchboard/core';
import { websocketTransport } from '@switchboard/transport-websocket';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import WebSocket from 'ws';
import type { LocalRealtimeServer } from '../../src/index.js';
import { EventLog, type WireEvent } from './event-log.js';

/** A connected realtime client, whatever library is behind it. */
export interface TestClient {
  readonly log: EventLog;
  /** Sends one client event (GA form, or the dialect the client was opened with). */
  send(event: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** How to reach the server under test. */
export interface ConnectOptions {
  readonly model?: string;
  /** PEM of the server's self-signed certificate, for clients that dial `wss://`. */
  readonly ca?: string;
}

/**
 * One client library in the conformance suite. Adding a client (for example Switchboard's own
 * websocket transport) means writing one of these: open a connection to `server.url`, push every
 * decoded server event into an {@link EventLog}, and send client events as given.
 */
export interface ClientAdapter {
  readonly name: string;
  /** The client can only dial `wss://` (the official SDK rewrites the scheme), so the server needs TLS. */
  readonly needsTls: boolean;
  connect(server: LocalRealtimeServer, options: ConnectOptions): Promise<TestClient>;
}

function withModel(url: string, model: string | undefined): string {
  return `${url}?model=${encodeURIComponent(model ?? 'gpt-realtime')}`;
}

/** Plain `ws`, as any server-side integration would use it. */
export const wsAdapter: ClientAdapter = {
  name: 'ws',
  needsTls: false,
  connect: (server, options) =>
    connectWs(withModel(server.url, options.model), { headers: { Authorization: 'Bearer sk-local-test' } }),
};

/** Opens a `ws` socket with any headers or subprotocols; resolves once open. */
export function connectWs(
  url: string,
  options: { headers?: Record<string, string>; protocols?: string[]; ca?: string } = {},
): Promise<TestClient & { socket: WebSocket }> {
  const log = new EventLog();
  const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers, ca: options.ca });
  socket.on('message', (data) => log.push(JSON.parse(data.toString()) as WireEvent));
  return new Promise((resolve, reject) => {
    socket.once('open', () =>
      resolve({
        socket,
        log,
        send: (event) => socket.send(JSON.stringify(event)),
        close: () => closeSocket(socket),
      }),
    );
    socket.once('error', reject);
  });
}

function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.close();
  });
}

/**
 * The official `openai` SDK's Node client, `OpenAIRealtimeWS`. It always dials `wss://` (it rewrites
 * the base URL's scheme), so it is given the server's certificate as `ca` through its `options`, which
 * it passes to `ws`: the certificate is verified, not ignored.
 */
export const openaiAdapter: ClientAdapter = {
  name: 'openai OpenAIRealtimeWS',
  needsTls: true,
  async connect(server, options) {
    const log = new EventLog();
    const client = new OpenAI({ apiKey: 'sk-local-test', baseURL: server.httpUrl });
    const realtime = new OpenAIRealtimeWS(
      { model: options.model ?? 'gpt-realtime', options: { ca: options.ca } },
      client,
    );
    realtime.on('event', (event) => log.push(event as unknown as WireEvent));
    // The SDK turns `error` events into 'error' emits (and unhandled rejections without a listener).
    realtime.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      realtime.socket.once('open', () => resolve());
      realtime.socket.once('error', reject);
    });
    return {
      log,
      send: (event) => realtime.send(event as unknown as Parameters<typeof realtime.send>[0]),
      close: () => closeSocket(realtime.socket),
    };
  },
};

/** Switchboard's own WebSocket transport (GA dialect), as a session would use it. */
export const switchboardAdapter: ClientAdapter = {
  name: 'switchboard websocketTransport',
  needsTls: false,
  async connect(server, options) {
    const log = new EventLog();
    const transport = websocketTransport({
      dialect: 'ga',
      url: withModel(server.url, options.model),
      apiKey: 'sk-local-test',
    });
    transport.events$.subscribe((event) => log.push(event as WireEvent));
    await transport.connect();
    return {
      log,
      send: (event) => transport.send(event as unknown as ClientEvent),
      close: () => transport.close(),
    };
  },
};

/** The clients every conformance flow runs with. */
export const ADAPTERS: readonly ClientAdapter[] = [wsAdapter, openaiAdapter, switchboardAdapter];
