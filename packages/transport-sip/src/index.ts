import { registerTransport } from '@switchboard/core';
import { SipTransport } from './sip-transport.js';

export { SipCallError, type SipCallOperation } from './errors.js';
export { type IncomingCall, incomingCall, type SipHeader } from './incoming-call.js';
export { nodeHandler } from './node-handler.js';
export type { SipTransportOptions } from './options.js';
export { type SipCallHandler, type SipCallsOptions, type SipRoute, sipCalls } from './sip-calls.js';
export { SipTransport, sipTransport } from './sip-transport.js';
export {
  followTransfers,
  type TransferCallOptions,
  type TransferTarget,
  transferCall,
  transferTargetOf,
} from './transfer.js';

// Importing the package makes `{ type: 'sip', callId, client }` work with core's createTransport().
registerTransport('sip', ({ type: _type, ...options }) => new SipTransport(options));
