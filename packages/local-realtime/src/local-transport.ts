import {
  createTransport,
  type DialectName,
  type RealtimeTransport,
  type TransportConfig,
  UnknownTransportError,
} from '@switchboard/core';
import type { LocalRealtimeOptions } from './server/options.js';
import { startLocalRealtime } from './server/start.js';

/** Options of `{ type: 'local' }`: the server's options (it always listens on a random loopback port) and the dialect. */
export interface LocalTransportOptions extends Omit<LocalRealtimeOptions, 'port' | 'host' | 'tls'> {
  /** The dialect the client speaks to the server (default `ga`). */
  readonly dialect?: DialectName;
}

declare module '@switchboard/core' {
  /** `createTransport({ type: 'local', ...options })`. */
  interface TransportConfigMap {
    local: LocalTransportOptions;
  }
}

/** `{ type: 'local' }` needs a WebSocket client, and none is registered: import `@switchboard/transport-websocket`. */
export class LocalTransportSetupError extends Error {
  override readonly name = 'LocalTransportSetupError';
  readonly code = 'websocket_transport_missing';
}

/**
 * Starts a local-realtime server in this process and connects to it over a real WebSocket on
 * loopback, through the `websocket` transport (import `@switchboard/transport-websocket` too).
 * Closing the transport stops the server.
 */
export async function localTransport(options: LocalTransportOptions = {}): Promise<RealtimeTransport> {
  const { dialect = 'ga', ...serverOptions } = options;
  const server = await startLocalRealtime({ ...serverOptions, port: 0 });
  let inner: RealtimeTransport;
  try {
    // The websocket type is registered by another package this one does not depend on.
    inner = await createTransport({
      type: 'websocket',
      dialect,
      url: server.url,
    } as unknown as TransportConfig);
  } catch (error) {
    await server.close();
    if (error instanceof UnknownTransportError) {
      throw new LocalTransportSetupError(
        "the 'local' transport connects over WebSocket: import '@switchboard/transport-websocket' as well",
      );
    }
    throw error;
  }
  return {
    events$: inner.events$,
    status$: inner.status$,
    errors$: inner.errors$,
    // The server is in this process and the socket is its own: the model's events come direct.
    modelEvents: 'direct',
    sessionControl: 'exclusive',
    // The server's own cap (limits.maxSessionMs) when it was given one, else the API's.
    maxSessionMs: serverOptions.limits?.maxSessionMs ?? inner.maxSessionMs,
    renew: (options) => inner.renew?.(options),
    connect: () => inner.connect(),
    send: (event) => inner.send(event),
    async close() {
      await inner.close();
      await server.close();
    },
  };
}
