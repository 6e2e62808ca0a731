import type { Dialect } from './types.js';

const identity = (event: Record<string, unknown>): Record<string, unknown> => event;

/**
 * The GA API is the canonical form, so every mapping is the identity (the same object is returned).
 *
 * @example
 * ```ts
 * import { gaDialect } from '@switchboard/core/protocol';
 *
 * const event = { type: 'response.output_text.delta', delta: 'Hi' };
 * gaDialect.serverEventToCanonical(event) === event; // true
 * ```
 */
export const gaDialect: Dialect = Object.freeze({
  name: 'ga',
  serverEventToCanonical: identity,
  serverEventFromCanonical: identity,
  clientEventToCanonical: identity,
  clientEventFromCanonical: identity,
});
