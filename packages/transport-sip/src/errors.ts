/** Which step of answering a SIP call failed. */
export type SipCallOperation = 'route' | 'accept' | 'reject' | 'connect' | 'refer' | 'hangup';

/**
 * A step of answering or ending a SIP call failed where no caller can be told: the app's `route`
 * threw, the API refused `accept`, the control socket did not open, a transfer failed. Delivered to
 * `onError`; `cause` is the underlying error (an `OpenAI.APIError` for the API's refusals).
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { sipCalls } from '@switchboard/transport-sip';
 *
 * sipCalls({
 *   client: new OpenAI(),
 *   route: () => ({ reject: 486 }),
 *   onError: (error) => console.warn(error.operation, error.callId, error.cause),
 * });
 * ```
 */
export class SipCallError extends Error {
  override readonly name = 'SipCallError';
  readonly code = 'sip_call_failed';
  constructor(
    readonly operation: SipCallOperation,
    readonly callId: string,
    override readonly cause: unknown,
  ) {
    super(
      `SIP call ${callId}: ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

// What a SIP transport reports on `errors$` besides core's transport errors.
declare module '@switchboard/core' {
  interface TransportErrorMap {
    SipCallError: SipCallError;
  }
}
