export * from './common.js';
export { websocketTransport } from './node.js';
