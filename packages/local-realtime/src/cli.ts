#!/usr/bin/env node
import { CliUsageError, parseCli, startErrorMessage, USAGE } from './cli-args.js';
import { CALL_USAGE, parseCallCli, runCall } from './cli-call.js';
import { startLocalRealtime } from './server/start.js';

/** `switchboard-local`: starts the server, prints its URL, stops on Ctrl-C / SIGTERM. */
async function main(): Promise<void> {
  if (process.argv[2] === 'call') {
    const call = parseCallCli(process.argv.slice(3), process.env);
    if (call === 'help') console.log(CALL_USAGE);
    else await runCall(call);
    return;
  }
  const log = (line: string) => console.log(`[${new Date().toISOString()}] ${line}`);
  const command = parseCli(process.argv.slice(2), process.env, log);
  if (command.help) {
    console.log(USAGE);
    return;
  }
  let server: Awaited<ReturnType<typeof startLocalRealtime>>;
  try {
    server = await startLocalRealtime(command.options);
  } catch (error) {
    const message = startErrorMessage(error, command.options);
    if (message === undefined) throw error;
    console.error(`switchboard-local: ${message}`);
    process.exitCode = 1;
    return;
  }
  console.log(`switchboard-local listening on ${server.url}`);
  console.log(`  HTTP API: ${server.httpUrl} (POST /realtime/client_secrets, POST /realtime/sessions)`);
  console.log(
    `  brain: ${command.options.brain?.name ?? 'rules'}, voice: ${server.voice}, pace: ${command.options.audio?.pace ?? 'realtime'}`,
  );
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof CliUsageError ? `switchboard-local: ${error.message}\n\n${USAGE}` : error);
  process.exitCode = 1;
});
