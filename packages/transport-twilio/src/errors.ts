/**
 * A Twilio media-stream message that could not be used: not JSON, not an object, a shape the
 * protocol does not have, or a stream in a format the bridge cannot pass through unchanged. The
 * stream goes on (except for a wrong media format, which ends it); the error is reported.
 *
 * @example
 * ```ts
 * stream.errors$.subscribe((error) => { if (error instanceof TwilioProtocolError) log.warn(error.event, error.message); });
 * ```
 */
export class TwilioProtocolError extends Error {
  override readonly name = 'TwilioProtocolError';
  constructor(
    message: string,
    /** The message's `event`, when it had one. */
    readonly event: string | undefined,
  ) {
    super(message);
  }
}

/** Options that cannot work (a stream URL with a query string, a missing auth token …); thrown at once. */
export class TwilioConfigError extends Error {
  override readonly name = 'TwilioConfigError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
