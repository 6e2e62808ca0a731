import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { asHttpError, authenticate, type HttpError, httpError, readCredentials } from './auth.js';
import { type MintDefaults, mintBetaSession, mintClientSecret } from './mint.js';
import type { AuthRequirement } from './options.js';
import { readJsonBody } from './read-body.js';
import type { SecretStore } from './secret-store.js';

/** What the HTTP routes need. */
export interface RouteContext {
  readonly secrets: SecretStore;
  readonly requireAuth: AuthRequirement | undefined;
  readonly defaults: MintDefaults;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type, openai-beta',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
};

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Sends a JSON response (with permissive CORS: this is a development server). */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...CORS,
  });
  response.end(text);
}

/** Answers a refused WebSocket upgrade with an HTTP status and an OpenAI-style JSON body. */
export function rejectUpgrade(socket: Duplex, error: HttpError): void {
  const text = JSON.stringify(error.body);
  const reason = STATUS_TEXT[error.status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${error.status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

/**
 * The HTTP side: `POST /v1/realtime/client_secrets` (GA) and `POST /v1/realtime/sessions` (beta)
 * mint client secrets; `GET /healthz` says the server is up; anything else gets the API's 404.
 */
export async function handleRequest(
  context: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const route = `${request.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '')}`;
  try {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS);
      response.end();
      return;
    }
    if (route === 'GET /healthz' || route === 'GET ') return sendJson(response, 200, { status: 'ok' });
    if (route === 'GET /v1/realtime') {
      throw httpError(426, 'This endpoint speaks WebSocket: connect with an Upgrade request.');
    }
    const mint =
      route === 'POST /v1/realtime/client_secrets'
        ? mintClientSecret
        : route === 'POST /v1/realtime/sessions'
          ? mintBetaSession
          : undefined;
    if (!mint) throw httpError(404, `Invalid URL (${request.method} ${url.pathname})`);
    const auth = await authenticate(
      readCredentials(request, url),
      context.secrets,
      context.requireAuth,
      false,
    );
    if (!auth.ok) throw auth.error;
    const result = mint(await readJsonBody(request), context.secrets, context.defaults);
    sendJson(response, result.status, result.body);
  } catch (error) {
    sendError(response, asHttpError(error));
  }
}

/**
 * Answers with an OpenAI-style error body; when an answer has already started, the connection is
 * cut instead (there is no other way left to say it failed).
 */
export function sendError(response: ServerResponse, error: HttpError): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendJson(response, error.status, error.body);
}
