export * from './audio-buffers.js';
export * from './conversation.js';
export * from './mcp.js';
export * from './response.js';
export * from './session.js';
export * from './union.js';
