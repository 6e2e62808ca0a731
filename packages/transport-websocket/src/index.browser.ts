export { websocketTransport } from './browser.js';
export * from './common.js';
