import twilio from 'twilio';

/**
 * Checks Twilio's `X-Twilio-Signature` with the official `twilio` package (`validateRequest`):
 * HMAC-SHA1 with your auth token over the URL Twilio requested (exactly as configured, with the
 * query string) followed by the sorted POST parameters. A media-stream WebSocket upgrade is signed
 * the same way, with no parameters.
 *
 * @example
 * ```ts
 * import { verifyTwilioSignature } from '@switchboard/transport-twilio';
 *
 * declare const request: Request;
 * declare const params: Record<string, string>;
 * const authToken = process.env.TWILIO_AUTH_TOKEN ?? '';
 * const url = 'https://example.com/twilio/voice';
 * verifyTwilioSignature({ authToken, signature: request.headers.get('x-twilio-signature'), url, params });
 * ```
 */
export function verifyTwilioSignature(request: {
  readonly authToken: string;
  readonly signature: string | null | undefined;
  /** The full public URL Twilio was configured with (what it signed), e.g. `https://example.com/twilio/voice`. */
  readonly url: string;
  /** The form parameters of a webhook POST; none for a WebSocket upgrade. */
  readonly params?: Readonly<Record<string, string>>;
}): boolean {
  if (!request.signature) return false;
  return twilio.validateRequest(request.authToken, request.signature, request.url, { ...request.params });
}
