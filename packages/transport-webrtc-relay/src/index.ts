export {
  POLICY_VIOLATION_CLOSE,
  RELAY_PROTOCOL,
  type RelayCallTarget,
  type RelayMode,
  TOKEN_PROTOCOL_PREFIX,
} from './relay-protocol.js';
export { attachRelayEndpoint, listenRelayEndpoint, RelayEndpoint } from './server/endpoint.js';
export {
  RealtimeHttpError,
  RelayRejectedError,
  type RelayRejectionReason,
  RelayViolationError,
  type RelayViolationKind,
} from './server/errors.js';
export { webrtcRelayTransport } from './server/factory.js';
export {
  DEFAULT_RELAY_PATH,
  type OriginPolicy,
  type RelayLimits,
  type WebRtcRelayTransportOptions,
} from './server/options.js';
export { RelayGuard } from './server/relay-guard.js';
export { WebRtcRelayTransport } from './server/transport.js';
