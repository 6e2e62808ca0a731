import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Not the shared config: its `source` export condition would also pick the raw .ts sources that
// the peer's dependency tree (eventsource, via @modelcontextprotocol/client) publishes, which Node
// cannot load as externals. The workspace packages are aliased to their sources instead.
const source = (path: string) => fileURLToPath(new URL(`../packages/${path}`, import.meta.url));
// No bundler `module` condition: OpenTelemetry's `module` builds use extensionless imports Node cannot load.
const conditions = ['node', 'import', 'default'];

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@switchboard\/core$/, replacement: source('core/src/index.ts') },
      { find: /^@switchboard\/core\/testing$/, replacement: source('core/src/testing/index.ts') },
      { find: /^@switchboard\/core\/otel$/, replacement: source('core/src/otel/index.ts') },
      {
        find: /^@switchboard\/transport-websocket$/,
        replacement: source('transport-websocket/src/index.ts'),
      },
      { find: /^@switchboard\/local-realtime$/, replacement: source('local-realtime/src/index.ts') },
    ],
    conditions,
  },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
