import { TransportConfigError } from '@switchboard/core';
import type { OriginPolicy } from './options.js';

/**
 * Turns an origin policy into a check. Listed origins are normalised (`https://App.example.com:443/`
 * → `https://app.example.com`) and compared exactly; a request without an `Origin` header (not a
 * browser) passes only a predicate that accepts `undefined`.
 */
export function originCheck(policy: OriginPolicy): (origin: string | undefined) => boolean {
  if (typeof policy === 'function') return policy;
  if (!Array.isArray(policy) || policy.length === 0) {
    throw new TransportConfigError(
      'webrtc-relay',
      'allowedOrigins',
      'list at least one origin, or pass a function',
    );
  }
  const allowed = new Set(
    policy.map((entry) => {
      const normalised = normaliseOrigin(entry);
      if (normalised === undefined) {
        throw new TransportConfigError(
          'webrtc-relay',
          'allowedOrigins',
          `not an origin: ${JSON.stringify(entry)}`,
        );
      }
      return normalised;
    }),
  );
  return (origin) => {
    if (origin === undefined) return false;
    const normalised = normaliseOrigin(origin);
    return normalised !== undefined && allowed.has(normalised);
  };
}

function normaliseOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}
