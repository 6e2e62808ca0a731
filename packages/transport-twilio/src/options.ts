import type { TransportConfig, Voice } from '@switchboard/core';
import type { TwilioMediaStream } from './twilio-media-stream.js';

/**
 * Options of the `twilio` transport in a config: the caller's stream and the realtime side as a
 * config of its own (any registered type, e.g. `{ type: 'websocket', dialect: 'ga' }`).
 *
 * @example
 * ```ts
 * import type { TwilioMediaStream, TwilioTransportConfig } from '@switchboard/transport-twilio';
 *
 * declare const stream: TwilioMediaStream;
 * const config: TwilioTransportConfig = { stream, realtime: { type: 'websocket', dialect: 'ga' } };
 * ```
 */
export interface TwilioTransportConfig {
  readonly stream: TwilioMediaStream;
  readonly realtime: TransportConfig;
  readonly voice?: Voice;
}

declare module '@switchboard/core' {
  /** `createTransport({ type: 'twilio', stream, realtime: { type: 'websocket', dialect: 'ga' } })`. */
  interface TransportConfigMap {
    twilio: TwilioTransportConfig;
  }
}
