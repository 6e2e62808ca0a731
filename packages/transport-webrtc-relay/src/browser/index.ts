export type { RelayMode } from '../relay-protocol.js';
export { RealtimeCall } from './call.js';
export { connectRealtimeCall } from './connect.js';
export { RealtimeCallError, type RealtimeCallErrorCode } from './errors.js';
export type {
  ConnectRealtimeCallOptions,
  RealtimeCallEnd,
  RealtimeCallEvents,
  RealtimeCallState,
  RealtimeServerEventData,
} from './types.js';
