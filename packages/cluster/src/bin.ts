import { main } from './cli.js';

// The `switchboard-cluster` command (bin/switchboard-cluster.js imports the built file).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
