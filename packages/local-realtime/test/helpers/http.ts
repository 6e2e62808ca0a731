import { request } from 'node:http';

/** What came back: the status and the body as text (`status: 0` when the connection was cut). */
export interface RawAnswer {
  readonly status: number;
  readonly body: string;
  /** Set when the connection failed instead of answering (e.g. `ECONNRESET`). */
  readonly error?: string;
}

/**
 * One HTTP request with the path sent exactly as given (`fetch` would normalise `//[` or a bad
 * percent sequence away). `upgrade: true` asks for a WebSocket upgrade and reports the refusal.
 */
export function rawRequest(
  port: number,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    upgrade?: boolean;
  },
): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.upgrade) {
    Object.assign(headers, {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    });
  }
  return new Promise((resolve) => {
    const outgoing = request({
      host: '127.0.0.1',
      port,
      method: options.method ?? 'GET',
      path: options.path,
      headers,
    });
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', (error) =>
        resolve({ status: response.statusCode ?? 0, body: '', error: error.message }),
      );
    });
    outgoing.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 101, body: '' });
    });
    outgoing.on('error', (error) => resolve({ status: 0, body: '', error: error.message }));
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error('no answer within 10 s')));
    outgoing.end(options.body);
  });
}
