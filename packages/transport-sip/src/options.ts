import type OpenAI from 'openai';

/**
 * Options of the `sip` transport: the control socket of one SIP call that was accepted.
 *
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import type { SipTransportOptions } from '@switchboard/transport-sip';
 *
 * const options: SipTransportOptions = { callId: 'rtc_123', client: new OpenAI() };
 * ```
 */
export interface SipTransportOptions {
  /** The call id from the `realtime.call.incoming` webhook. */
  readonly callId: string;
  /** The official client: its key and base URL reach the call, its `realtime.calls` end or transfer it. */
  readonly client: OpenAI;
  /**
   * `close()` closes the control socket and leaves the call on, for another process to attach to
   * it (`@switchboard/cluster` hands calls between workers). By default `close()` hangs up a call
   * that is still on. `hangup()` always ends the call.
   */
  readonly keepCallOnClose?: boolean;
}

declare module '@switchboard/core' {
  /** `createTransport({ type: 'sip', callId, client })`. */
  interface TransportConfigMap {
    sip: SipTransportOptions;
  }
}
