/** Why a browser's connection was refused before it reached a transport. */
export type RelayRejectionReason = 'unknown_token' | 'token_used' | 'origin' | 'bad_request' | 'not_found';

/**
 * A browser connection was refused (HTTP 401 / 403 / 400 on the upgrade; 404 for a path no relay
 * endpoint serves, when the relay endpoints are the server's only upgrade handlers). Reported on the
 * endpoint's `rejections$`, and on the transport's `errors$` when the token named one. `reason` says
 * which rule refused it: give each page a fresh token, and list its origin in `allowedOrigins`.
 *
 * @example
 * ```ts
 * import { listenRelayEndpoint } from '@switchboard/transport-webrtc-relay';
 *
 * const endpoint = await listenRelayEndpoint({ port: 0 });
 * endpoint.rejections$.subscribe((error) => console.warn(error.code, error.reason, error.status, error.origin));
 * ```
 */
export class RelayRejectedError extends Error {
  override readonly name = 'RelayRejectedError';
  readonly code = 'relay_rejected';
  constructor(
    readonly reason: RelayRejectionReason,
    /** The HTTP status the browser got. */
    readonly status: number,
    /** The `Origin` header, when there was one. */
    readonly origin: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** What the browser did wrong. */
export type RelayViolationKind =
  | 'too_large'
  | 'not_json'
  | 'bad_message'
  | 'out_of_order'
  | 'malformed_event'
  | 'forbidden_tool'
  | 'not_allowed';

/**
 * The browser sent something the relay refuses: it is dropped (the browser gets a `notice`) and the
 * call goes on, until too many violations close the socket with 1008. `kind` says what the page did
 * wrong; a well-behaved page (this package's browser module) never triggers one.
 *
 * @example
 * ```ts
 * import { RelayViolationError, type WebRtcRelayTransport } from '@switchboard/transport-webrtc-relay';
 *
 * declare const transport: WebRtcRelayTransport;
 * transport.errors$.subscribe((error) => {
 *   if (error instanceof RelayViolationError) console.warn(error.kind, error.messageType);
 * });
 * ```
 */
export class RelayViolationError extends Error {
  override readonly name = 'RelayViolationError';
  readonly code = 'relay_violation';
  constructor(
    readonly kind: RelayViolationKind,
    message: string,
    /** The offending message's `type`, or the event's, when known. */
    readonly messageType?: string,
  ) {
    super(`browser message refused (${kind}): ${message}`);
  }
}

/**
 * An HTTP call to the realtime API (client secret, call, hang-up) failed: `status` 401/403 means the
 * server's API key was refused, 0 that no answer came (check `baseURL` and the network).
 *
 * @example
 * ```ts
 * import { RealtimeHttpError, type WebRtcRelayTransport } from '@switchboard/transport-webrtc-relay';
 *
 * declare const transport: WebRtcRelayTransport;
 * transport.errors$.subscribe((error) => {
 *   if (error instanceof RealtimeHttpError) console.warn(error.operation, error.status, error.message);
 * });
 * ```
 */
export class RealtimeHttpError extends Error {
  override readonly name = 'RealtimeHttpError';
  readonly code = 'realtime_http_failed';
  constructor(
    /** What was being done: `mint client secret`, `create call`, `hang up`. */
    readonly operation: string,
    /** HTTP status, 0 when no answer came. */
    readonly status: number,
    message: string,
  ) {
    super(`${operation} failed${status ? ` (HTTP ${status})` : ''}: ${message}`);
  }
}

/**
 * The error an HTTP step ended with, as a {@link RealtimeHttpError} (what the API helpers throw
 * already is one; anything else means no answer came).
 */
export function asHttpError(operation: string, error: unknown): RealtimeHttpError {
  if (error instanceof RealtimeHttpError) return error;
  return new RealtimeHttpError(operation, 0, error instanceof Error ? error.message : String(error));
}

// What a WebRTC relay transport reports on `errors$` besides core's transport errors.
declare module '@switchboard/core' {
  interface TransportErrorMap {
    RelayRejectedError: RelayRejectedError;
    RelayViolationError: RelayViolationError;
    RealtimeHttpError: RealtimeHttpError;
  }
}
