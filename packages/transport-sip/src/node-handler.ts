import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Adapts a fetch-style handler to Node's `http`: the request (body capped at `maxBodyBytes`, more
 * gets 413 without reading on) becomes a `Request`, the `Response` is written back. A handler that
 * throws answers 500; nothing escapes into the server.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { nodeHandler } from '@switchboard/transport-sip';
 *
 * createServer(nodeHandler(async (request) => new Response('ok'), 65536));
 * ```
 */
export function nodeHandler(
  handle: (request: Request) => Promise<Response>,
  maxBodyBytes: number,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    respond(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  };

  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBodyBytes) {
        response.writeHead(413, { connection: 'close' }).end('body too large');
        request.destroy();
        return;
      }
      chunks.push(chunk);
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const answer = await handle(
      new Request(url, {
        method,
        headers,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
      }),
    );
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  }
}
