import type { CloseReason } from '@switchboard/core';
import { isRecord } from '@switchboard/core/protocol';

/*
 * How the real API ends a connection, as far as public reports show (the SDK types say nothing):
 * - A key it does not accept at all gets HTTP 401/403 on the upgrade request.
 * - A malformed key is accepted at the HTTP level, then answered with an `error` event
 *   (`code: "invalid_api_key"`) and a close frame with code 3000 and reason
 *   `invalid_request_error.invalid_api_key`.
 * - At the maximum session duration (15, then 30, now 60 minutes) the server sends an `error` event
 *   `{ type: "invalid_request_error", code: "session_expired", message: "Your session hit the
 *   maximum duration of 60 minutes." }` and closes the socket.
 * So an `error` event can announce the reason of the close that follows, and the close reason text
 * carries `<type>.<code>` on its own.
 */

/** `error.code` values that mean the credentials were refused. */
const AUTH_ERROR_CODES: ReadonlySet<string> = new Set(['invalid_api_key']);

/** Close code of a connection that ended without a close frame. */
const ABNORMAL_CLOSURE = 1006;

/** How many characters of an HTTP error body are kept in a message. */
const MAX_BODY_MESSAGE = 300;

/**
 * The close reason an `error` server event announces (session expired, key refused), if any.
 * Other errors leave the session open and return `undefined`.
 */
export function closeReasonFromErrorEvent(event: unknown): CloseReason | undefined {
  if (!isRecord(event) || event.type !== 'error' || !isRecord(event.error)) return undefined;
  const { code, message } = event.error;
  const text = typeof message === 'string' ? message : String(code);
  if (code === 'session_expired') return { kind: 'session_expired', message: text };
  if (typeof code === 'string' && AUTH_ERROR_CODES.has(code)) return { kind: 'auth_failed', message: text };
  return undefined;
}

/**
 * The reason of a socket close. `announced` (from an earlier `error` event) wins; then the close
 * reason text (`invalid_request_error.session_expired`…); then code 1006 is a network failure and
 * anything else a server close.
 */
export function closeReasonFromClose(
  code: number,
  reason: string,
  context: { readonly announced?: CloseReason; readonly lastError?: string },
): CloseReason {
  if (context.announced) return context.announced;
  if (/session_expired/.test(reason)) return { kind: 'session_expired', message: reason };
  for (const authCode of AUTH_ERROR_CODES) {
    if (reason.includes(authCode)) return { kind: 'auth_failed', message: reason };
  }
  if (code === ABNORMAL_CLOSURE) {
    return {
      kind: 'network_error',
      message: context.lastError ?? 'connection lost without a close frame (1006)',
    };
  }
  return { kind: 'server_closed', code, reason };
}

/**
 * The reason of an upgrade the server answered with an HTTP status instead of `101`: 401 and 403
 * are `auth_failed`, others a network error. The message comes from the OpenAI error body
 * (`{ error: { message } }`) when there is one, else from the raw body or the status line.
 */
export function closeReasonFromRejection(status: number, body: string, statusText = ''): CloseReason {
  const message = messageFromBody(body) ?? `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 401 || status === 403) return { kind: 'auth_failed', status, message };
  return { kind: 'network_error', message: `upgrade refused with HTTP ${status}: ${message}` };
}

function messageFromBody(body: string): string | undefined {
  const trimmed = body.trim();
  if (trimmed === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (isRecord(parsed)) {
      const inner = isRecord(parsed.error) ? parsed.error.message : parsed.message;
      if (typeof inner === 'string' && inner !== '') return inner;
    }
  } catch {
    // Not JSON: the body text itself is the best message there is.
  }
  return trimmed.length > MAX_BODY_MESSAGE ? `${trimmed.slice(0, MAX_BODY_MESSAGE)}…` : trimmed;
}
