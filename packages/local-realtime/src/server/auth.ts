import type { IncomingMessage } from 'node:http';
import type { AuthRequirement } from './options.js';
import type { ClientSecret, SecretStore } from './secret-store.js';

/** What a request presented. */
export interface Credentials {
  /** The key or secret, from `Authorization: Bearer`, `api-key`, or the browser subprotocol. */
  readonly token: string | undefined;
  /** `OpenAI-Beta: realtime=v1` header or the `openai-beta.realtime-v1` subprotocol. */
  readonly beta: boolean;
  /** The subprotocols offered (the server echoes `realtime` back, as the API does). */
  readonly protocols: readonly string[];
}

/** The browser client's subprotocols (see the `openai` SDK's `OpenAIRealtimeWebSocket`). */
const KEY_PROTOCOL = 'openai-insecure-api-key.';
const BETA_PROTOCOL = 'openai-beta.realtime-v1';

/**
 * Reads credentials the ways the API accepts them: `Authorization: Bearer <key>` (servers),
 * `api-key: <key>` (Azure style), `Sec-WebSocket-Protocol: realtime, openai-insecure-api-key.<key>`
 * (browsers, which cannot set headers), or an `api-key` query parameter (Azure browsers).
 */
export function readCredentials(request: IncomingMessage, url: URL): Credentials {
  const protocols = (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol.length > 0);
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
  const apiKeyHeader = request.headers['api-key'];
  const fromProtocol = protocols
    .find((protocol) => protocol.startsWith(KEY_PROTOCOL))
    ?.slice(KEY_PROTOCOL.length);
  const token =
    bearer ??
    (typeof apiKeyHeader === 'string' ? apiKeyHeader : undefined) ??
    fromProtocol ??
    url.searchParams.get('api-key') ??
    undefined;
  const betaHeader = request.headers['openai-beta'];
  const beta =
    protocols.includes(BETA_PROTOCOL) || (typeof betaHeader === 'string' && /realtime=v1/.test(betaHeader));
  return { token: token === '' ? undefined : token, beta, protocols };
}

/** An OpenAI-style HTTP error: status and JSON body. */
export interface HttpError {
  readonly status: number;
  readonly body: { error: { message: string; type: string; param: string | null; code: string | null } };
}

/** Whether a thrown value is an {@link HttpError} (anything else is an internal error). */
export function isHttpError(value: unknown): value is HttpError {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

/** Builds an {@link HttpError}. */
export function httpError(
  status: number,
  message: string,
  code: string | null = null,
  param: string | null = null,
  type = 'invalid_request_error',
): HttpError {
  return { status, body: { error: { message, type, param, code } } };
}

/** What a handler threw, as the answer to send: an {@link HttpError} as is, anything else a 500. */
export function asHttpError(error: unknown): HttpError {
  return isHttpError(error)
    ? error
    : httpError(500, `Internal error: ${String(error)}`, null, null, 'server_error');
}

/** Shows a key the way the API's 401 message does: the start and the last four characters. */
export function maskKey(key: string): string {
  if (key.length <= 8) return `${key.slice(0, 2)}${'*'.repeat(Math.max(0, key.length - 2))}`;
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(40, key.length - 7))}${key.slice(-4)}`;
}

/** Result of {@link authenticate}. */
export type AuthResult =
  | { readonly ok: true; readonly secret?: ClientSecret }
  | { readonly ok: false; readonly error: HttpError };

/**
 * Decides whether credentials may connect (or mint). A client secret minted here is always accepted
 * until it expires, and rejected after; other tokens are checked against `requireAuth` when it is set
 * (anything goes without it). `allowSecrets: false` is for minting: a client secret cannot mint another.
 */
export async function authenticate(
  credentials: Credentials,
  secrets: SecretStore,
  requirement: AuthRequirement | undefined,
  allowSecrets = true,
): Promise<AuthResult> {
  const token = credentials.token;
  if (token?.startsWith('ek_')) {
    const found = secrets.lookup(token);
    if (found.status === 'valid' && allowSecrets) return { ok: true, secret: found.secret };
    if (found.status === 'expired') {
      const at = new Date(found.secret.expiresAt * 1000).toISOString();
      return {
        ok: false,
        error: httpError(
          401,
          `The client secret ${maskKey(token)} expired at ${at}. Mint a new one.`,
          'invalid_api_key',
        ),
      };
    }
  }
  if (requirement === undefined) return { ok: true };
  if (token === undefined) {
    return {
      ok: false,
      error: httpError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      ),
    };
  }
  let accepted = false;
  try {
    accepted = typeof requirement === 'string' ? token === requirement : await requirement(token);
  } catch {
    // A validator that throws rejects: failing closed is the safe reading of an auth check.
  }
  if (accepted) return { ok: true };
  return {
    ok: false,
    error: httpError(401, `Incorrect API key provided: ${maskKey(token)}.`, 'invalid_api_key'),
  };
}
