// The public surface shared by the Node and browser entry points (all but `websocketTransport`).
export {
  browserSubprotocols,
  type CredentialStyle,
  handshakeHeaders,
  realtimeUrl,
  type UrlOptions,
} from './endpoint.js';
export {
  BinaryFrameError,
  HandshakeTimeoutError,
  MissingApiKeyError,
  ReconnectFailedError,
  WebSocketTransportConfigError,
} from './errors.js';
export {
  type AzureEndpointOptions,
  DEFAULT_MODELS,
  type ReconnectOptions,
  type WebSocketConstructor,
  type WebSocketTransportOptions,
  type WireDialect,
} from './options.js';
export { type SocketPlatform, WebSocketTransport } from './websocket-transport.js';
