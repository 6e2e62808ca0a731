/**
 * Fault builders for tests against local-realtime: each returns a checked `Fault` for
 * `startLocalRealtime({ faults })`, `createTransport({ type: 'local', faults })` or
 * `server.faults.inject()`. A builder given something it cannot use throws a `FaultConfigError`.
 *
 * @example
 * ```ts
 * import { startLocalRealtime } from '@switchboard/local-realtime';
 * import { dropConnection, failResponse } from '@switchboard/local-realtime/testing';
 *
 * const server = await startLocalRealtime({
 *   port: 0,
 *   faults: [dropConnection({ beforeEvent: 'response.done' })],
 * });
 * server.faults.inject(failResponse({ nth: 2 }));
 * await server.close();
 * ```
 * @module
 */
export {
  delayEvents,
  dropConnection,
  expireSession,
  failResponse,
  injectError,
  reorderEvents,
} from './faults/fault-builders.js';
