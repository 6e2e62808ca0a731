import { registerTransport, TransportConfigError } from '@switchboard/core';
import type { WebSocketConstructor, WebSocketTransportOptions } from './options.js';
import { WebSocketTransport } from './websocket-transport.js';

function globalWebSocket(): WebSocketConstructor | undefined {
  const candidate: unknown = (globalThis as { WebSocket?: unknown }).WebSocket;
  return typeof candidate === 'function' ? (candidate as WebSocketConstructor) : undefined;
}

/**
 * A realtime transport over the browser's `WebSocket`. Browsers cannot set headers, so the key
 * (use a short-lived client secret, never a real API key, in a page) travels as the subprotocol
 * `openai-insecure-api-key.<key>`, as the official browser client sends it; Azure's goes in the
 * `api-key` query parameter. `apiKey` is required unless `url` is given: a page has no environment.
 * A real API key (`sk-…`) is refused with a {@link TransportConfigError}: it would be readable by
 * anyone who opens the page.
 *
 * @example
 * ```ts
 * import { websocketTransport } from '@switchboard/transport-websocket/browser';
 *
 * // Minted by your server (POST /v1/realtime/client_secrets); never the API key itself.
 * const { value: clientSecret } = await (await fetch('/session', { method: 'POST' })).json();
 * const transport = websocketTransport({ dialect: 'ga', apiKey: clientSecret });
 * await transport.connect();
 * ```
 */
export function websocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  if (options.apiKey?.startsWith('sk-')) {
    throw new TransportConfigError(
      'websocket',
      'apiKey',
      'a real API key (sk-…) must never reach a browser: mint a short-lived client secret on your server ' +
        '(POST /v1/realtime/client_secrets) and pass its value',
    );
  }
  const WebSocket = options.WebSocket ?? globalWebSocket();
  if (!WebSocket) {
    throw new TransportConfigError(
      'websocket',
      'WebSocket',
      'this runtime has no global WebSocket: pass one',
    );
  }
  return new WebSocketTransport(options, { style: 'subprotocol', WebSocket, env: () => undefined });
}

// Importing the package makes `{ type: 'websocket', ...options }` work with core's createTransport().
registerTransport('websocket', (config) => websocketTransport(config));
