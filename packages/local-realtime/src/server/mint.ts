import { betaDialect, isRecord, type SessionConfig } from '@switchboard/core/protocol';
import { checkSessionFields } from '../session/config-checks.js';
import { ClientEventError } from '../session/errors.js';
import { newId } from '../session/ids.js';
import { defaultSessionConfig, mergeSessionUpdate } from '../session/session-config.js';
import { validateClientEvent } from '../session/validation.js';
import { type HttpError, httpError } from './auth.js';
import type { SecretStore } from './secret-store.js';

/** Defaults of the session a secret's connection starts with. */
export interface MintDefaults {
  readonly model: string;
  readonly betaModel: string;
  /** Server-wide session settings (`LocalRealtimeOptions.session`). */
  readonly session: Readonly<Record<string, unknown>>;
}

/** The session a connection starts with: API defaults, then server settings, then the secret's. */
export function effectiveSession(
  model: string,
  serverSession: Readonly<Record<string, unknown>>,
  secretSession?: Readonly<Record<string, unknown>>,
): SessionConfig {
  const base = defaultSessionConfig(model, { ...serverSession });
  return secretSession ? mergeSessionUpdate(base, { ...secretSession }) : base;
}

type MintResult = { readonly status: 200; readonly body: unknown } | HttpError;

function readTtl(expiresAfter: unknown, param: string, fallback: number): number | HttpError {
  if (expiresAfter === undefined || expiresAfter === null) return fallback;
  const seconds = isRecord(expiresAfter) ? expiresAfter.seconds : undefined;
  if (seconds === undefined) return fallback;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 10 || seconds > 7200) {
    return httpError(
      400,
      `Invalid '${param}.seconds': expected an integer between 10 and 7200, but got ${JSON.stringify(seconds)} instead.`,
      'invalid_value',
      `${param}.seconds`,
    );
  }
  return seconds;
}

/**
 * Validates a GA session object from a request body exactly as `session.update` is validated (the
 * error's `param` reads `session.…`).
 */
export function validateSession(session: Record<string, unknown>): HttpError | undefined {
  try {
    validateClientEvent({ type: 'session.update', session });
    checkSessionFields(session);
  } catch (error) {
    if (error instanceof ClientEventError) return httpError(400, error.message, error.code, error.param);
    throw error;
  }
  return undefined;
}

/**
 * `POST /v1/realtime/client_secrets` (GA): `{ expires_after?, session? }` →
 * `{ value, expires_at, session }`, where `session` is the effective session a connection with the
 * secret starts with. Default lifetime 600 s (10 to 7200 allowed), as the API.
 */
export function mintClientSecret(body: unknown, secrets: SecretStore, defaults: MintDefaults): MintResult {
  const request = isRecord(body) ? body : {};
  const ttl = readTtl(request.expires_after, 'expires_after', 600);
  if (typeof ttl !== 'number') return ttl;
  const session = isRecord(request.session) ? request.session : { type: 'realtime' };
  if (session.type === 'transcription') {
    return httpError(
      400,
      'local-realtime does not support transcription sessions yet.',
      'unsupported_value',
      'session.type',
    );
  }
  const invalid = validateSession({ type: 'realtime', ...session });
  if (invalid) return invalid;
  const secret = secrets.mint({ ttlSeconds: ttl, session });
  const model = typeof session.model === 'string' ? session.model : defaults.model;
  const effective: SessionConfig = {
    ...effectiveSession(model, defaults.session, session),
    id: newId('sess'),
    object: 'realtime.session',
    expires_at: secret.expiresAt,
  };
  return { status: 200, body: { value: secret.value, expires_at: secret.expiresAt, session: effective } };
}

/**
 * `POST /v1/realtime/sessions` (beta): a flat beta session plus `client_secret.expires_after` →
 * the beta session object with `client_secret: { value, expires_at }`. Default lifetime 60 s, as the
 * beta API ("all tokens expire after one minute").
 */
export function mintBetaSession(body: unknown, secrets: SecretStore, defaults: MintDefaults): MintResult {
  const request = isRecord(body) ? { ...body } : {};
  const clientSecret = isRecord(request.client_secret) ? request.client_secret : {};
  delete request.client_secret;
  const ttl = readTtl(clientSecret.expires_after, 'client_secret.expires_after', 60);
  if (typeof ttl !== 'number') return ttl;
  const canonical = betaDialect.clientEventToCanonical({ type: 'session.update', session: request }).session;
  const session = isRecord(canonical) ? canonical : { type: 'realtime' };
  const invalid = validateSession(session);
  if (invalid) return invalid;
  const secret = secrets.mint({ ttlSeconds: ttl, session });
  const model = typeof session.model === 'string' ? session.model : defaults.betaModel;
  const effective = {
    ...effectiveSession(model, defaults.session, session),
    id: newId('sess'),
    object: 'realtime.session',
    expires_at: secret.expiresAt,
  };
  const beta = betaDialect.serverEventFromCanonical({ type: 'session.created', session: effective }).session;
  return {
    status: 200,
    body: {
      ...(isRecord(beta) ? beta : {}),
      client_secret: { value: secret.value, expires_at: secret.expiresAt },
    },
  };
}
