// The Node entry: `ws` with credentials in headers. The browser entry (index.browser.ts) has the same names.
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
export { websocketTransport } from './node.js';
export {
  type AzureEndpointOptions,
  DEFAULT_BASE_URL,
  DEFAULT_MODELS,
  type ReconnectOptions,
  type WebSocketConstructor,
  type WebSocketTransportOptions,
} from './options.js';
export { type SocketPlatform, WebSocketTransport } from './websocket-transport.js';
