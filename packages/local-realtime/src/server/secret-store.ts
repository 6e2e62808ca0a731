import { newId } from '../session/ids.js';

/** A minted client secret: its value, expiry (seconds since epoch) and the session it carries. */
export interface ClientSecret {
  readonly value: string;
  readonly expiresAt: number;
  /** Canonical (GA) session settings to apply to a connection that uses the secret. */
  readonly session: Readonly<Record<string, unknown>>;
}

/** What a token is to the store. */
export type SecretLookup =
  | { readonly status: 'valid'; readonly secret: ClientSecret }
  | { readonly status: 'expired'; readonly secret: ClientSecret }
  | { readonly status: 'unknown' };

/**
 * Short-lived client secrets (`ek_…`), as `POST /v1/realtime/client_secrets` and the beta
 * `POST /v1/realtime/sessions` mint them. Expired secrets are kept a while (so a client is told its
 * secret expired rather than that it is unknown), then forgotten.
 */
export class SecretStore {
  readonly #secrets = new Map<string, ClientSecret>();

  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  mint(input: { ttlSeconds: number; session: Readonly<Record<string, unknown>> }): ClientSecret {
    this.#prune();
    const secret: ClientSecret = {
      value: newId('ek', 32),
      expiresAt: Math.floor(this.#now() / 1000) + input.ttlSeconds,
      session: input.session,
    };
    this.#secrets.set(secret.value, secret);
    return secret;
  }

  lookup(token: string): SecretLookup {
    const secret = this.#secrets.get(token);
    if (!secret) return { status: 'unknown' };
    return this.#now() >= secret.expiresAt * 1000
      ? { status: 'expired', secret }
      : { status: 'valid', secret };
  }

  /** Forgets secrets that expired more than an hour ago. */
  #prune(): void {
    const cutoff = this.#now() / 1000 - 3600;
    for (const [value, secret] of this.#secrets) if (secret.expiresAt < cutoff) this.#secrets.delete(value);
  }
}
