#!/usr/bin/env node
// The `switchboard-local` command. A committed file, so installing the workspace links it before any
// build; the CLI itself is the built `dist/cli.js`.
import('../dist/cli.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error(
      'switchboard-local: not built yet; run `pnpm --filter @switchboard/local-realtime build` first',
    );
    process.exitCode = 1;
    return;
  }
  throw error;
});
