import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CallerCaptions } from '../audio/caller-captions.js';
import { createSynthesizer } from '../audio/speech.js';
import { rulesBrain } from '../brains/rules-brain.js';
import { FaultController } from '../faults/fault-controller.js';
import { DEFAULT_MAX_SESSION_MS, resolveSessionLimits } from '../session/limits.js';
import { LocalSession } from '../session/local-session.js';
import { SipCalls } from '../sip/sip-calls.js';
import { WebRtcCalls } from '../webrtc/calls-http.js';
import { asHttpError, authenticate, httpError, readCredentials } from './auth.js';
import { attachConnection } from './connection.js';
import { handleRequest, type RouteContext, rejectUpgrade, sendError } from './http-routes.js';
import type { LocalRealtimeOptions, LocalRealtimeServer } from './options.js';
import { requestTarget } from './request-target.js';
import { SecretStore } from './secret-store.js';

const GA_MODEL = 'gpt-realtime';
const BETA_MODEL = 'gpt-4o-realtime-preview';
/** Room for a 15 MiB base64 append plus its JSON, so oversized audio gets the API's error, not a dropped socket. */
const MAX_FRAME_BYTES = 32 * 1024 * 1024;
const REALTIME_PATHS = new Set(['/v1/realtime', '/openai/realtime', '/openai/v1/realtime']);

/**
 * Starts a local Realtime-API-compatible server: WebSocket `/v1/realtime` (GA, or beta with
 * `OpenAI-Beta: realtime=v1`), `POST /v1/realtime/client_secrets` and `POST /v1/realtime/sessions`.
 * Any Realtime client can talk to it: Switchboard's transports, the official `openai` SDK
 * (`OpenAIRealtimeWS` needs `tls`, it always dials `wss://`), or plain `ws`.
 *
 * @example
 * ```ts
 * import { startLocalRealtime } from '@switchboard/local-realtime';
 * import { WebSocket } from 'ws';
 *
 * const server = await startLocalRealtime({ port: 0, audio: { pace: 'fast' } });
 * const socket = new WebSocket(`${server.url}?model=gpt-realtime`, { headers: { Authorization: 'Bearer local' } });
 * // … later
 * await server.close();
 * ```
 */
export async function startLocalRealtime(options: LocalRealtimeOptions = {}): Promise<LocalRealtimeServer> {
  const host = options.host ?? '127.0.0.1';
  const brain = options.brain ?? rulesBrain();
  const synthesizer = await createSynthesizer({
    voice: options.audio?.voice,
    espeakPath: options.audio?.espeakPath,
  });
  const pace = options.audio?.pace ?? 'realtime';
  const limits = resolveSessionLimits(options.limits);
  const faults = new FaultController(options.faults);
  const captions = new CallerCaptions();
  const secrets = new SecretStore();
  const serverSession = { ...(options.session ?? {}) } as Record<string, unknown>;
  const context: RouteContext = {
    secrets,
    requireAuth: options.requireAuth,
    defaults: {
      model: options.model ?? GA_MODEL,
      betaModel: options.model ?? BETA_MODEL,
      session: serverSession,
    },
  };

  // WebRTC: `POST /v1/realtime/calls` (and the beta SDP form), hang-up, and `?call_id=` sockets.
  const calls = new WebRtcCalls({
    secrets,
    requireAuth: options.requireAuth,
    defaults: context.defaults,
    log: options.log,
    maxCalls: options.maxCalls,
    createSession: ({ model, layers, emit, outputReady }) =>
      new LocalSession(
        {
          brain,
          synthesizer,
          pace,
          model,
          sessionLayers: [serverSession, ...layers],
          transcriber: options.audio?.transcribe,
          transport: 'webrtc',
          limits,
          outputReady,
        },
        emit,
      ),
  });
  // SIP: a simulated carrier places calls; `POST /v1/realtime/calls/{id}/accept|reject|refer|hangup`.
  const sip = new SipCalls({
    secrets,
    requireAuth: options.requireAuth,
    synthesizer,
    captions,
    log: options.log,
    createSession: (model, layers, emit) =>
      new LocalSession(
        {
          brain,
          synthesizer,
          pace,
          model: model ?? context.defaults.model,
          sessionLayers: [serverSession, ...layers],
          transcriber: options.audio?.transcribe,
          captions,
          transport: 'webrtc',
          limits,
        },
        emit,
      ),
  });
  // Nothing a request carries may throw out of these listeners: a throw here ends the process
  // (issue 10: `//[` and a bad percent sequence did, before any auth).
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    const url = requestTarget(request);
    if (!url) return sendError(response, httpError(400, 'Invalid request target.'));
    const handled = sip.matches(request, url)
      ? sip.handle(request, response, url)
      : calls.matches(request, url)
        ? calls.handle(request, response, url)
        : handleRequest(context, request, response, url);
    handled.catch((error: unknown) => sendError(response, asHttpError(error)));
  };
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest)
    : createHttpServer(onRequest);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    // One client event per turn of the event loop, not a whole read's worth at once: a burst of
    // 10,000 frames on one socket no longer holds every other session up for it (issue 10).
    allowSynchronousEvents: false,
    // The API answers the browser's protocol list with `realtime`.
    handleProtocols: (protocols) => (protocols.has('realtime') ? 'realtime' : ([...protocols][0] ?? false)),
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    upgrade(request, socket, head).catch((error: unknown) => rejectUpgrade(socket, asHttpError(error)));
  });

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = requestTarget(request);
    if (!url) return rejectUpgrade(socket, httpError(400, 'Invalid request target.'));
    if (!REALTIME_PATHS.has(url.pathname.replace(/\/+$/, ''))) {
      return rejectUpgrade(socket, httpError(404, `Invalid URL (GET ${url.pathname})`));
    }
    const callId = url.searchParams.get('call_id');
    if (callId !== null && sip.has(callId)) return sip.upgrade(callId, request, url, socket, head, wss);
    if (callId !== null) return calls.upgrade(callId, request, url, socket, head, wss);
    const credentials = readCredentials(request, url);
    const auth = await authenticate(credentials, secrets, options.requireAuth);
    if (!auth.ok) return rejectUpgrade(socket, auth.error);
    const dialect = credentials.beta ? 'beta' : 'ga';
    const secretSession = auth.secret?.session;
    const model =
      url.searchParams.get('model') ??
      url.searchParams.get('deployment') ??
      (typeof secretSession?.model === 'string' ? secretSession.model : undefined) ??
      (dialect === 'beta' ? context.defaults.betaModel : context.defaults.model);
    wss.handleUpgrade(request, socket, head, (ws) => {
      let session: LocalSession;
      try {
        session = attachConnection(ws, {
          dialect,
          log: options.log,
          maxSessionMs: limits.maxSessionMs ?? DEFAULT_MAX_SESSION_MS[dialect],
          faults,
          session: {
            brain,
            synthesizer,
            pace,
            model,
            sessionLayers: secretSession ? [serverSession, secretSession] : [serverSession],
            transcriber: options.audio?.transcribe,
            limits,
            captions,
          },
        });
      } catch (error) {
        // The upgrade is done: the socket speaks WebSocket now, so the failure is a close frame.
        options.log?.(`connection refused: ${String(error)}`);
        ws.close(1011, 'internal error');
        return;
      }
      options.log?.(`${session.id} connected (${dialect}, ${model}${auth.secret ? ', client secret' : ''})`);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const secure = options.tls !== undefined;
  return {
    url: `${secure ? 'wss' : 'ws'}://${shown}:${port}/v1/realtime`,
    httpUrl: `${secure ? 'https' : 'http'}://${shown}:${port}/v1`,
    host,
    port,
    voice: synthesizer.kind,
    get connections() {
      return wss.clients.size;
    },
    get calls() {
      return calls.size + sip.size;
    },
    captions,
    faults,
    placeCall: (call) => sip.place(call),
    close: () =>
      new Promise<void>((resolve) => {
        calls.closeAll();
        sip.closeAll();
        for (const client of wss.clients) client.close(1001, 'server shutting down');
        // Clients that do not answer the close frame are cut off, so close() always settles quickly.
        const force = setTimeout(() => {
          for (const client of wss.clients) client.terminate();
        }, 500);
        force.unref();
        wss.close();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
