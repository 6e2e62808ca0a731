export { betaDialect, GA_ONLY_SERVER_EVENT_TYPES } from './beta.js';
export { gaDialect } from './ga.js';
export { getDialect } from './registry.js';
export type { Dialect, DialectName } from './types.js';
