/** Options that cannot describe a working transport (no endpoint, an unusable token …). */
export class RelayConfigError extends Error {
  override readonly name = 'RelayConfigError';
  constructor(
    /** The option at fault. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Why a browser's connection was refused before it reached a transport. */
export type RelayRejectionReason = 'unknown_token' | 'token_used' | 'origin' | 'bad_request' | 'not_found';

/**
 * A browser connection was refused (HTTP 401 / 403 / 400 on the upgrade; 404 for a path no relay
 * endpoint serves, when the relay endpoints are the server's only upgrade handlers). Reported on the endpoint's
 * `rejections$`, and on the transport's `errors$` when the token named one.
 */
export class RelayRejectedError extends Error {
  override readonly name = 'RelayRejectedError';
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
  | 'rate_limited'
  | 'malformed_event'
  | 'forbidden_tool'
  | 'not_allowed';

/**
 * The browser sent something the relay refuses: it is dropped (the browser gets a `notice`) and the
 * call goes on, until too many violations close the socket with 1008.
 */
export class RelayViolationError extends Error {
  override readonly name = 'RelayViolationError';
  constructor(
    readonly kind: RelayViolationKind,
    message: string,
    /** The offending message's `type`, or the event's, when known. */
    readonly messageType?: string,
  ) {
    super(`browser message refused (${kind}): ${message}`);
  }
}

/** An HTTP call to the realtime API (client secret, call, hang-up) failed. */
export class RealtimeHttpError extends Error {
  override readonly name = 'RealtimeHttpError';
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
