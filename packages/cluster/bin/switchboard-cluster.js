#!/usr/bin/env node
// The `switchboard-cluster` command. A committed file, so installing the workspace links it before any
// build; the CLI itself is the built `dist/bin.js`.
import('../dist/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    console.error('switchboard-cluster: not built yet; run `pnpm --filter @switchboard/cluster build` first');
    process.exitCode = 1;
    return;
  }
  throw error;
});
