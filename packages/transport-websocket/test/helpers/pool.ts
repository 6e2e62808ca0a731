import { websocketTransport } from '../../src/node.js';
import type { WebSocketTransportOptions } from '../../src/options.js';
import type { WebSocketTransport } from '../../src/websocket-transport.js';

/** Transports a test opens (GA, to `url()` unless told otherwise), closed together after it. */
export function transportPool(url: () => string) {
  const transports: WebSocketTransport[] = [];
  return {
    open(options: Partial<WebSocketTransportOptions> = {}): WebSocketTransport {
      const transport = websocketTransport({ dialect: 'ga', url: url(), ...options });
      transports.push(transport);
      return transport;
    },
    closeAll: () => Promise.all(transports.splice(0).map((transport) => transport.close())),
  };
}
