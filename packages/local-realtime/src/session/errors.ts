/** The `error` object of an API `error` event (and of the HTTP error bodies). */
export type RealtimeErrorBody = {
  /** `invalid_request_error` for the client's mistakes, `server_error` for ours. */
  readonly type: 'invalid_request_error' | 'server_error';
  readonly code: string | null;
  readonly message: string;
  /** The offending parameter, as a path (`session.audio.output.voice`), when there is one. */
  readonly param: string | null;
  /** The `event_id` of the client event that caused it, when it had one. */
  readonly event_id: string | null;
};

/**
 * A client event the session refuses. Handlers throw it; the session turns it into an `error` event
 * carrying the client's `event_id`, and carries on (the API keeps the session open after these).
 *
 * @example
 * ```ts
 * import { ClientEventError } from '@switchboard/local-realtime';
 *
 * throw new ClientEventError('response_cancel_not_active', 'Cancellation failed: no active response found');
 * ```
 */
export class ClientEventError extends Error {
  override readonly name = 'ClientEventError';
  constructor(
    readonly code: string,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  /** The wire form, for the client event with id `eventId`. */
  toBody(eventId: string | undefined): RealtimeErrorBody {
    return {
      type: 'invalid_request_error',
      code: this.code,
      message: this.message,
      param: this.param,
      event_id: eventId ?? null,
    };
  }
}
