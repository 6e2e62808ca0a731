// The browser entry: the global WebSocket, credentials as a subprotocol. The same names as index.ts.
export { websocketTransport } from './browser.js';
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
} from './errors.js';
export {
  type AzureEndpointOptions,
  DEFAULT_BASE_URL,
  DEFAULT_MODELS,
  type ReconnectOptions,
  type WebSocketConstructor,
  type WebSocketTransportOptions,
} from './options.js';
export { type SocketPlatform, WebSocketTransport } from './websocket-transport.js';
