import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../vitest.shared.js';

/** Packing and an npm install of the tarballs happen once, in the global setup, before every file. */
export default mergeConfig(
  sharedVitestConfig,
  defineConfig({
    test: { globalSetup: ['test/global-setup.ts'], testTimeout: 120_000, hookTimeout: 300_000 },
  }),
);
