import { betaDialect, isRecord, type SessionConfig } from '@switchboard/core/protocol';
import type { RelayCallTarget } from '../relay-protocol.js';
import { asHttpError, RealtimeHttpError } from './errors.js';

/** Where and how the server reaches the realtime API over HTTP. */
export interface RealtimeApi {
  /** API base, e.g. `https://api.openai.com/v1` (no trailing slash). */
  readonly baseURL: string;
  readonly apiKey: string | undefined;
  readonly fetch: typeof fetch;
}

/** Every request gives up after this long. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Mints a client secret carrying `session` (GA `POST /realtime/client_secrets`, or beta
 * `POST /realtime/sessions`) and says where the browser posts its SDP offer with it.
 */
export async function mintCallTarget(
  api: RealtimeApi,
  request: { dialect: 'ga' | 'beta'; model: string; session: SessionConfig; ttlSeconds: number },
): Promise<RelayCallTarget> {
  const expiresAfter = { anchor: 'created_at', seconds: request.ttlSeconds };
  if (request.dialect === 'ga') {
    const body = await postJson(api, 'mint client secret', '/realtime/client_secrets', {
      expires_after: expiresAfter,
      session: { ...request.session, type: 'realtime', model: request.model },
    });
    return {
      url: `${api.baseURL}/realtime/calls`,
      clientSecret: readString(body, ['value'], 'mint client secret'),
      expiresAt: readNumber(body, ['expires_at']),
    };
  }
  const flat = betaDialect.clientEventFromCanonical({
    type: 'session.update',
    session: request.session,
  }).session;
  const body = await postJson(api, 'mint client secret', '/realtime/sessions', {
    ...(isRecord(flat) ? flat : {}),
    model: request.model,
    client_secret: { expires_after: expiresAfter },
  });
  return {
    url: `${api.baseURL}/realtime?model=${encodeURIComponent(request.model)}`,
    clientSecret: readString(body, ['client_secret', 'value'], 'mint client secret'),
    expiresAt: readNumber(body, ['client_secret', 'expires_at']),
  };
}

/**
 * Creates a WebRTC call from the server (sideband): posts the browser's offer with the session as a
 * multipart form (`sdp`, `session`) with the API key, and returns the answer and the call id (the
 * last segment of the `Location` header).
 */
export async function createCall(
  api: RealtimeApi,
  request: { sdp: string; session: SessionConfig },
): Promise<{ answer: string; callId: string }> {
  const form = new FormData();
  form.set('sdp', request.sdp);
  form.set('session', JSON.stringify({ ...request.session, type: 'realtime' }));
  const response = await send(api, 'create call', '/realtime/calls', { method: 'POST', body: form });
  const answer = await response.text();
  const callId = response.headers.get('location')?.split('/').filter(Boolean).pop();
  if (!callId)
    throw new RealtimeHttpError('create call', response.status, 'the answer has no Location header');
  return { answer, callId };
}

/** Ends a call (`POST /realtime/calls/{id}/hangup`). */
export async function hangUpCall(api: RealtimeApi, callId: string): Promise<void> {
  const response = await send(api, 'hang up', `/realtime/calls/${encodeURIComponent(callId)}/hangup`, {
    method: 'POST',
  });
  await response.body?.cancel();
}

async function postJson(api: RealtimeApi, operation: string, path: string, body: unknown): Promise<unknown> {
  const response = await send(api, operation, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  try {
    return await response.json();
  } catch {
    throw new RealtimeHttpError(operation, response.status, 'the answer is not JSON');
  }
}

async function send(api: RealtimeApi, operation: string, path: string, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers);
  if (api.apiKey !== undefined) headers.set('authorization', `Bearer ${api.apiKey}`);
  let response: Response;
  try {
    response = await api.fetch(`${api.baseURL}${path}`, {
      ...init,
      headers,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw asHttpError(operation, error);
  }
  if (!response.ok) throw new RealtimeHttpError(operation, response.status, await errorMessage(response));
  return response;
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    const message = isRecord(body) && isRecord(body.error) ? body.error.message : undefined;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the text itself is the message.
  }
  return text.slice(0, 300) || response.statusText;
}

function dig(body: unknown, path: readonly string[]): unknown {
  let value = body;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  return value;
}

function readString(body: unknown, path: readonly string[], operation: string): string {
  const value = dig(body, path);
  if (typeof value !== 'string' || value === '') {
    throw new RealtimeHttpError(operation, 200, `the answer has no ${path.join('.')}`);
  }
  return value;
}

function readNumber(body: unknown, path: readonly string[]): number {
  const value = dig(body, path);
  return typeof value === 'number' ? value : Math.floor(Date.now() / 1000) + 60;
}
