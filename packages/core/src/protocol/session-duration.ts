/**
 * The Realtime API's maximum session duration per dialect: the server ends a session there with
 * `session_expired` (a WebSocket transport's `maxSessionMs`, local-realtime's default cap).
 *
 * @example
 * ```ts
 * import { API_MAX_SESSION_MS } from '@switchboard/core/protocol';
 *
 * const minutes = API_MAX_SESSION_MS.ga / 60_000; // 60
 * ```
 */
export const API_MAX_SESSION_MS = { ga: 60 * 60_000, beta: 30 * 60_000 } as const;
