import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

// The process tests fork worker processes and start redis-server: one file at a time on a 2-core machine.
export default mergeConfig(
  sharedVitestConfig,
  defineConfig({ test: { fileParallelism: false, testTimeout: 60_000 } }),
);
