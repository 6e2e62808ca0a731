import { connect } from 'node:net';

/** What a raw request got: the status line's code, or how the connection ended without one. */
export type RawOutcome = number | 'closed' | 'timeout';

/**
 * Writes `request` (any bytes, however malformed) to a TCP connection and resolves with the status
 * code of the answer, `closed` if the server hung up without one, `timeout` if nothing came.
 */
export function rawRequest(port: number, request: Buffer | string, timeoutMs = 5000): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let head = '';
    const done = (outcome: RawOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (status) done(Number(status[1]));
      else if (head.length > 64) done('closed');
    });
    socket.on('error', () => done('closed'));
    socket.on('close', () => done('closed'));
  });
}

/** A request line plus headers (CRLF-joined), with `Host` and an empty body unless given. */
export function httpText(
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body = '',
): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== '' || method === 'POST') lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The headers of a WebSocket upgrade request. */
export const UPGRADE_HEADERS = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
} as const;
