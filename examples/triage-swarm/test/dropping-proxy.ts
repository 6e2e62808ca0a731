import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * A WebSocket proxy in front of a local-realtime server that a test can use to cut connections:
 * it forwards frames both ways and records what the client sent on each upstream connection.
 */
export async function startDroppingProxy(upstreamUrl: string) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const connections: { client: WebSocket; upstream: WebSocket; sent: Record<string, unknown>[] }[] = [];
  let dropWhen: ((event: { type?: string }) => boolean) | undefined;

  server.on('connection', (client, request) => {
    const upstream = new WebSocket(`${upstreamUrl}${new URL(request.url ?? '/', 'http://x').search}`, {
      headers: { authorization: request.headers.authorization ?? '' },
    });
    const connection = { client, upstream, sent: [] as Record<string, unknown>[] };
    connections.push(connection);
    const pending: string[] = [];
    upstream.on('open', () => {
      for (const frame of pending.splice(0)) upstream.send(frame);
    });
    client.on('message', (data) => {
      const text = data.toString();
      connection.sent.push(JSON.parse(text) as Record<string, unknown>);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else pending.push(text);
    });
    upstream.on('message', (data) => {
      const text = data.toString();
      if (dropWhen?.(JSON.parse(text) as { type?: string })) {
        dropWhen = undefined;
        client.terminate();
        upstream.terminate();
        return;
      }
      if (client.readyState === WebSocket.OPEN) client.send(text);
    });
    // A cut makes both sockets error; the proxy ends them quietly.
    upstream.on('error', () => client.terminate());
    client.on('error', () => upstream.terminate());
    client.on('close', () => upstream.close());
    upstream.on('close', () => client.close());
  });

  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/realtime`,
    /** Client events per upstream connection, in order. */
    connections,
    /** Cuts the connection (no close frame) when the server sends an event matching `predicate`. */
    dropOn(predicate: (event: { type?: string }) => boolean) {
      dropWhen = predicate;
    },
    /** Cuts every open connection now (no close frame). */
    dropAll() {
      for (const { client, upstream } of connections) {
        client.terminate();
        upstream.terminate();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { client, upstream } of connections) {
          client.terminate();
          upstream.terminate();
        }
        server.close(() => resolve());
      }),
  };
}
