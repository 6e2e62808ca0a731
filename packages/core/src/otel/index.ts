export { ATTR, SCOPE_NAME, SPAN } from './attributes.js';
export { type OpenTelemetryOptions, openTelemetry } from './open-telemetry.js';
