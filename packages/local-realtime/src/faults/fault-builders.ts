// The fault builders behind `@switchboard/local-realtime/testing` (see that entry's documentation).
import { checkFault, type Fault, type FaultTrigger, type InjectedError } from './fault-types.js';

function checked<F extends Fault>(fault: F): F {
  checkFault(fault);
  return fault;
}

/**
 * The socket goes away at `at`: with no close frame (the client sees 1006, a network failure), or
 * with `close` (`{ code: 1011 }` is not allowed; use 1000, 1001 or 3000–4999).
 *
 * @example
 * ```ts
 * import { dropConnection } from '@switchboard/local-realtime/testing';
 * const fault = dropConnection({ afterEvents: 5 });
 * ```
 */
export function dropConnection(
  at: FaultTrigger,
  close?: { readonly code: number; readonly reason?: string },
): Fault {
  return checked({ kind: 'drop', at, ...(close ? { close } : {}) });
}

/**
 * The session expires at `at` (default: at once), as the API ends a session at its maximum
 * duration: `error` with code `session_expired`, then close code 1001.
 *
 * @example
 * ```ts
 * import { expireSession } from '@switchboard/local-realtime/testing';
 * const fault = expireSession({ afterEvent: 'response.done' });
 * ```
 */
export function expireSession(at: FaultTrigger = { now: true }): Fault {
  return checked({ kind: 'expire', at });
}

/**
 * An `error` event at `at` (a `server_error` unless `error` says otherwise); the session goes on.
 *
 * @example
 * ```ts
 * import { injectError } from '@switchboard/local-realtime/testing';
 * const fault = injectError({ beforeEvent: 'response.created' }, { type: 'server_error', message: 'overloaded' });
 * ```
 */
export function injectError(at: FaultTrigger, error?: InjectedError): Fault {
  return checked({ kind: 'error', at, ...(error ? { error } : {}) });
}

/**
 * Holds the server's events from `at` on for `ms`, then sends them in order (a latency spike).
 *
 * @example
 * ```ts
 * import { delayEvents } from '@switchboard/local-realtime/testing';
 * const fault = delayEvents({ beforeEvent: 'response.output_item.done' }, 200);
 * ```
 */
export function delayEvents(at: FaultTrigger, ms: number): Fault {
  return checked({ kind: 'delay', at, ms });
}

/**
 * Holds the `nth` (default 1st) `event` back and sends it just after the next `after` event.
 *
 * @example
 * ```ts
 * import { reorderEvents } from '@switchboard/local-realtime/testing';
 * // response.done arrives before the function call's output_item.done
 * const fault = reorderEvents('response.output_item.done', 'response.done');
 * ```
 */
export function reorderEvents(event: string, after: string, nth?: number): Fault {
  return checked({ kind: 'reorder', event, after, ...(nth === undefined ? {} : { nth }) });
}

/**
 * The `nth` (default 1st) response created from `at` (default: at once) ends `failed` after
 * `afterItems` (default 0) output items, with `error` (a `server_error` by default) in its
 * `status_details`.
 *
 * @example
 * ```ts
 * import { failResponse } from '@switchboard/local-realtime/testing';
 * const fault = failResponse({ nth: 2, error: { type: 'server_error', message: 'model overloaded' } });
 * ```
 */
export function failResponse(
  options: {
    readonly at?: FaultTrigger;
    readonly nth?: number;
    readonly afterItems?: number;
    readonly error?: InjectedError;
  } = {},
): Fault {
  const { at = { now: true }, ...rest } = options;
  return checked({ kind: 'fail_response', at, ...rest });
}
