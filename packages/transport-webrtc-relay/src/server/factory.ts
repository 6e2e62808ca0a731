import { registerTransport } from '@switchboard/core';
import type { WebRtcRelayTransportOptions } from './options.js';
import { WebRtcRelayTransport } from './transport.js';

/**
 * A transport for one browser call over WebRTC: the browser holds microphone and speaker, the
 * server holds the session, the agents and the tools. Give the page `transport.token` and the
 * endpoint's URL; the page calls `connectRealtimeCall({ url, token })`.
 *
 * @example
 * ```ts
 * import type { Server } from 'node:http';
 * import { RealtimeSession, type Swarm } from '@switchboard/core';
 * import { webrtcRelayTransport } from '@switchboard/transport-webrtc-relay';
 *
 * declare const httpServer: Server;
 * declare const swarm: Swarm<{ notes: string[] }>;
 * declare function respond(body: { url: string; token: string }): void;
 * const transport = webrtcRelayTransport({ mode: 'sideband', endpoint: httpServer, allowedOrigins: ['https://app.example.com'] });
 * const session = new RealtimeSession({ swarm, transport });
 * void session.connect(); // resolves when the browser joins
 * respond({ url: 'wss://app.example.com/switchboard/relay', token: transport.token });
 * ```
 */
export function webrtcRelayTransport(options: WebRtcRelayTransportOptions): WebRtcRelayTransport {
  return new WebRtcRelayTransport(options);
}

// Importing the package makes `{ type: 'webrtc-relay', ...options }` work with core's createTransport().
registerTransport('webrtc-relay', (config) => webrtcRelayTransport(config));
