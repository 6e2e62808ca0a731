import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { TransportConfigError } from '@switchboard/core';
import { WebSocketServer } from 'ws';
import { type TwilioProtocolError, TwilioStreamError } from './errors.js';
import { verifyTwilioSignature } from './signature.js';
import { TwilioMediaStream } from './twilio-media-stream.js';

/** Options of {@link acceptTwilioStreams}. */
export interface TwilioStreamsOptions {
  /** The HTTP(S) server whose upgrades on `path` are Twilio's media streams. */
  readonly server: Server;
  /** Default `/twilio/media`. */
  readonly path?: string;
  /**
   * Your Twilio auth token: each upgrade must carry a valid `X-Twilio-Signature` for `publicUrl`
   * (else HTTP 403). Leave it out only for local tests.
   */
  readonly authToken?: string;
  /** The stream URL as given in the TwiML (`wss://example.com/twilio/media`): what Twilio signs. */
  readonly publicUrl?: string;
  /** Each stream once its `start` arrived (call SID, custom parameters). Errors it throws are reported. */
  readonly onStream: (stream: TwilioMediaStream) => void;
  /** Streams whose upgrade was refused or that never started, and errors `onStream` threw. */
  readonly onError?: (error: TwilioProtocolError | TwilioStreamError) => void;
  /** Largest frame accepted (default 256 KiB; Twilio sends 20 ms frames of ~300 bytes). */
  readonly maxPayload?: number;
}

/** The endpoint made by {@link acceptTwilioStreams}. */
export interface TwilioStreams {
  /** Streams open now. */
  readonly size: number;
  /** Stops accepting streams and closes the open ones. */
  close(): void;
}

/**
 * Accepts Twilio media streams on a server's `path`: checks the upgrade's `X-Twilio-Signature` (when
 * an auth token is given), wraps the socket in a {@link TwilioMediaStream} and hands it to `onStream`
 * once Twilio sent `start`. Upgrades on other paths are left to other listeners.
 *
 * @example
 * ```ts
 * import type { Server } from 'node:http';
 * import { RealtimeSession, type Swarm } from '@switchboard/core';
 * import { acceptTwilioStreams, TwilioTransport } from '@switchboard/transport-twilio';
 * import { websocketTransport } from '@switchboard/transport-websocket';
 *
 * declare const server: Server;
 * declare function supportSwarm(): Swarm<{ notes: string[] }>;
 * acceptTwilioStreams({
 *   server,
 *   authToken: process.env.TWILIO_AUTH_TOKEN,
 *   publicUrl: 'wss://example.com/twilio/media',
 *   onStream: (stream) => {
 *     const transport = new TwilioTransport({ stream, realtime: websocketTransport({ dialect: 'ga' }) });
 *     void new RealtimeSession({ swarm: supportSwarm(), transport }).connect();
 *   },
 * });
 * ```
 */
export function acceptTwilioStreams(options: TwilioStreamsOptions): TwilioStreams {
  const path = options.path ?? '/twilio/media';
  if (options.authToken !== undefined && !options.publicUrl) {
    throw new TransportConfigError(
      'twilio',
      'publicUrl',
      'needed with authToken: it is the URL Twilio signs',
    );
  }
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 256 * 1024 });
  const report = (error: TwilioProtocolError | TwilioStreamError) => options.onError?.(error);
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== path) return;
    socket.on('error', () => socket.destroy());
    if (options.authToken !== undefined) {
      const header = request.headers['x-twilio-signature'];
      const signature = typeof header === 'string' ? header : undefined;
      if (!verifyTwilioSignature({ authToken: options.authToken, signature, url: options.publicUrl ?? '' })) {
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        report(
          new TwilioStreamError(
            'signature_refused',
            'refused a media stream without a valid X-Twilio-Signature: check publicUrl and the auth token',
          ),
        );
        return;
      }
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const stream = new TwilioMediaStream(ws);
      stream.errors$.subscribe(report);
      stream.started.then(() => {
        try {
          options.onStream(stream);
        } catch (error) {
          const message = `onStream threw: ${error instanceof Error ? error.message : String(error)}`;
          report(new TwilioStreamError('app_failed', message, { cause: error }));
          stream.close(1011, 'the app failed to take the call');
        }
      }, report);
    });
  };
  options.server.on('upgrade', onUpgrade);
  return {
    get size() {
      return wss.clients.size;
    },
    close() {
      options.server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      wss.close();
    },
  };
}
