export * from './client-events.js';
export * from './dialects/index.js';
export * from './errors.js';
export * from './items.js';
export * from './parse.js';
export * from './response.js';
export * from './server-events/index.js';
export * from './session.js';
export { ACTED_ON_FIELDS } from './tolerance.js';
