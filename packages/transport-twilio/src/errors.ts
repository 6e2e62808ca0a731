/**
 * A Twilio media-stream message that could not be used: not JSON, not an object, a shape the
 * protocol does not have, or a stream in a format the bridge cannot pass through unchanged. The
 * stream goes on (except for a wrong media format, which ends it); the error is reported.
 *
 * @example
 * ```ts
 * import { TwilioProtocolError, type TwilioMediaStream } from '@switchboard/transport-twilio';
 *
 * declare const stream: TwilioMediaStream;
 * stream.errors$.subscribe((error) => {
 *   if (error instanceof TwilioProtocolError) console.warn(error.event, error.message);
 * });
 * ```
 */
export class TwilioProtocolError extends Error {
  override readonly name = 'TwilioProtocolError';
  readonly code = 'twilio_protocol';
  constructor(
    message: string,
    /** The message's `event`, when it had one. */
    readonly event: string | undefined,
  ) {
    super(message);
  }
}

/** What went wrong with a media stream's connection, as opposed to its messages. */
export type TwilioStreamErrorCode =
  /** An upgrade without a valid `X-Twilio-Signature` was refused with 403 (check `publicUrl` and the auth token). */
  | 'signature_refused'
  /** The stream's socket failed; it closes, and the call with it. */
  | 'socket_failed'
  /** The app's `onStream` threw; the stream was closed with 1011. */
  | 'app_failed';

/**
 * A media stream's connection failed, or was refused: `code` says how, `cause` is the underlying
 * error (the socket's, or what `onStream` threw).
 *
 * @example
 * ```ts
 * import { acceptTwilioStreams, TwilioStreamError } from '@switchboard/transport-twilio';
 * import { createServer } from 'node:http';
 *
 * acceptTwilioStreams({
 *   server: createServer(),
 *   onStream: (stream) => console.info(stream.start?.callSid),
 *   onError: (error) => {
 *     if (error instanceof TwilioStreamError && error.code === 'signature_refused') console.warn(error.message);
 *   },
 * });
 * ```
 */
export class TwilioStreamError extends Error {
  override readonly name = 'TwilioStreamError';
  constructor(
    readonly code: TwilioStreamErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// What a Twilio transport reports on `errors$` besides core's transport errors.
declare module '@switchboard/core' {
  interface TransportErrorMap {
    TwilioProtocolError: TwilioProtocolError;
    TwilioStreamError: TwilioStreamError;
  }
}
