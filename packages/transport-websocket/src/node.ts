import { registerTransport } from '@switchboard/core';
import { WebSocket as NodeWebSocket } from 'ws';
import type { WebSocketTransportOptions } from './options.js';
import { WebSocketTransport } from './websocket-transport.js';

/**
 * A realtime transport over a WebSocket, for Node: `ws` by default, credentials in handshake
 * headers, defaults from `OPENAI_API_KEY` / `OPENAI_BASE_URL`.
 *
 * @example
 * ```ts
 * import { websocketTransport } from '@switchboard/transport-websocket';
 *
 * const transport = websocketTransport({ dialect: 'ga', reconnect: { retries: 3, backoffMs: 500 } });
 * transport.events$.subscribe((event) => console.log(event));
 * await transport.connect();
 * transport.send({ type: 'response.create' });
 * ```
 */
export function websocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  return new WebSocketTransport(options, { style: 'headers', WebSocket: options.WebSocket ?? NodeWebSocket });
}

// Importing the package makes `{ type: 'websocket', ...options }` work with core's createTransport().
registerTransport('websocket', (config) => websocketTransport(config));
