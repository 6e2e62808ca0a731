import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRecord } from '@switchboard/core/protocol';
import { type LocalRealtimeOptions, startLocalRealtime } from '@switchboard/local-realtime';
import { DEFAULT_RELAY_PATH, type RelayMode } from '@switchboard/transport-webrtc-relay';
import { VoiceCall } from './call.js';
import { asset } from './static.js';

/** Options of {@link startVoiceServer}. */
export interface VoiceServerOptions {
  /** Port for the page (default 0: a free one). */
  readonly port?: number;
  readonly host?: string;
  /** The realtime API. Default: OpenAI with `OPENAI_API_KEY` when set, else a local-realtime server started here. */
  readonly realtime?: { readonly baseURL: string; readonly apiKey?: string };
  /** Origins besides the server's own that may open calls. */
  readonly extraOrigins?: readonly string[];
  /** Options of the local-realtime server started when no realtime API is given. */
  readonly local?: LocalRealtimeOptions;
}

/** A running demo. */
export interface VoiceServer {
  /** The page, e.g. `http://127.0.0.1:3000/`. */
  readonly url: string;
  /** Calls in progress. */
  readonly calls: ReadonlyMap<string, VoiceCall>;
  /** Where the server reaches the realtime API. */
  readonly realtimeBaseURL: string;
  close(): Promise<void>;
}

const MAX_JSON = 16 * 1024;

/**
 * The browser-voice demo: serves the page, makes a call (transport + session with the triage swarm)
 * for each `POST /api/calls`, and takes typed caller lines and the demo script for a call.
 */
export async function startVoiceServer(options: VoiceServerOptions = {}): Promise<VoiceServer> {
  const envKey = process.env.OPENAI_API_KEY?.trim();
  const local = options.realtime || envKey ? undefined : await startLocalRealtime(options.local ?? {});
  const realtime =
    options.realtime ??
    (local ? { baseURL: local.httpUrl } : { baseURL: 'https://api.openai.com/v1', apiKey: envKey });
  const calls = new Map<string, VoiceCall>();
  const host = options.host ?? '127.0.0.1';
  let origins: string[] = [];

  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => send(response, 500, { error: String(error) }));
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'GET') {
      const found = await asset(url.pathname);
      if (!found) return send(response, 404, { error: 'not found' });
      response.writeHead(200, { 'content-type': found.type, 'cache-control': 'no-store' });
      response.end(found.body);
      return;
    }
    if (request.method !== 'POST') return send(response, 405, { error: 'method not allowed' });
    const body = await readJson(request);
    if (url.pathname === '/api/calls') {
      const mode: RelayMode = body.mode === 'relay' ? 'relay' : 'sideband';
      const call = new VoiceCall(mode, {
        server,
        allowedOrigins: origins,
        baseURL: realtime.baseURL,
        apiKey: 'apiKey' in realtime ? realtime.apiKey : undefined,
      });
      calls.set(call.id, call);
      call.transport.status$.subscribe((status) => {
        if (status.state === 'closed') calls.delete(call.id);
      });
      const socketUrl = `ws://${request.headers.host ?? `${host}:${port}`}${DEFAULT_RELAY_PATH}`;
      return send(response, 200, { id: call.id, mode, url: socketUrl, token: call.transport.token });
    }
    const action = /^\/api\/calls\/([a-f0-9]+)\/(say|script)$/.exec(url.pathname);
    const call = action?.[1] ? calls.get(action[1]) : undefined;
    if (!action || !call) return send(response, 404, { error: 'no such call' });
    if (action[2] === 'say') {
      if (typeof body.text !== 'string' || body.text.trim() === '')
        return send(response, 400, { error: 'text?' });
      call.say(body.text.trim().slice(0, 500));
    } else void call.playScript();
    return send(response, 202, { ok: true });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  origins = [
    `http://${host}:${port}`,
    `http://localhost:${port}`,
    `http://127.0.0.1:${port}`,
    ...(options.extraOrigins ?? []),
  ];
  return {
    url: `http://${host}:${port}/`,
    calls,
    realtimeBaseURL: realtime.baseURL,
    close: async () => {
      await Promise.all([...calls.values()].map((call) => call.close()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await local?.close();
    },
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > MAX_JSON) throw new Error('body too large');
  }
  try {
    const value: unknown = JSON.parse(text || '{}');
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}
