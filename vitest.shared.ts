import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings: workspace packages resolve to their TypeScript sources (the `source`
 * export condition), so tests never depend on a previous build. No bundler `module` condition:
 * tests run in Node, and OpenTelemetry's `module` builds use extensionless imports Node cannot load.
 */
export const sharedVitestConfig = defineConfig({
  resolve: { conditions: ['source', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
