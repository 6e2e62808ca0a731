import { request } from 'node:http';

/**
 * Sends a WebSocket upgrade request with the path exactly as given (a `WebSocket` client or `fetch`
 * would normalise `//[` away) and resolves with the HTTP status of the answer (101 when accepted,
 * 0 when the connection was cut without one).
 */
export function rawUpgrade(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = request({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    outgoing.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 101);
    });
    outgoing.on('error', () => resolve(0));
    outgoing.setTimeout(5000, () => outgoing.destroy(new Error('no answer within 5 s')));
    outgoing.end();
  });
}
