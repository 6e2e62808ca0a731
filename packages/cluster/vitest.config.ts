import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

// The process tests fork worker processes and start redis-server: one file at a time on a 2-core machine.
// The global setup stops the run with what to install when redis-server is missing, and bundles the
// worker process once.
export default mergeConfig(
  sharedVitestConfig,
  defineConfig({
    test: {
      fileParallelism: false,
      testTimeout: 60_000,
      globalSetup: ['./test/fixtures/global-setup.ts'],
    },
  }),
);
