export { type EntryExports, entryExports } from './entry-exports.js';
export { type ErrorPin, errorPinProblems } from './error-pins.js';
export { type ImportSite, reachableImports } from './import-graph.js';
export { type EntryMismatch, entrySources, packageSurfaceMismatches } from './package-surface.js';
export { ROOT_ENTRY, readmeSurface } from './readme-surface.js';
