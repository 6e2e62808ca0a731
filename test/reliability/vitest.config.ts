import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.js';

/**
 * One file at a time: each measures heap, latency and sockets of a server it starts, and a
 * neighbour's load would be in its figures. `pnpm test` (CI) runs the short form, within about
 * 60 s on two cores; `pnpm test:soak` at the root sets RELIABILITY_SOAK=1 for minutes-long runs.
 */
export default mergeConfig(
  sharedVitestConfig,
  defineConfig({
    test: {
      fileParallelism: false,
      testTimeout: process.env.RELIABILITY_SOAK ? 600_000 : 60_000,
      hookTimeout: 60_000,
    },
  }),
);
