import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-args.js';

/** Usage text of `switchboard-local call`. */
export const CALL_USAGE = `Usage: switchboard-local call --webhook <url> --secret <whsec_…> [options]

Places a simulated incoming SIP call on a running switchboard-local server: the server posts a
signed realtime.call.incoming to your app's webhook, plays the caller's lines (µ-law 8 kHz) once the
app accepts, and prints what happened when the call ends.

Options:
  --server <url>     the running server's HTTP base (default http://127.0.0.1:8123)
  --webhook <url>    your app's webhook URL (required)
  --secret <secret>  the webhook signing secret your app verifies with (required; default $OPENAI_WEBHOOK_SECRET)
  --from <number>    caller number (default +15550100)
  --to <number>      called number (default +15550199)
  --say <text>       a caller line; repeat for more turns
  --digits <keys>    keys the caller presses after the last line
  --help             show this help
`;

/** What `switchboard-local call` does. */
export interface CallCommand {
  readonly server: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * Parses `switchboard-local call …` (the arguments after `call`).
 */
export function parseCallCli(argv: readonly string[], env: NodeJS.ProcessEnv): CallCommand | 'help' {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        server: { type: 'string' },
        webhook: { type: 'string' },
        secret: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        say: { type: 'string', multiple: true },
        digits: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const secret = (values.secret as string | undefined) ?? env.OPENAI_WEBHOOK_SECRET;
  if (typeof values.webhook !== 'string') throw new CliUsageError('call needs --webhook <url>');
  if (!secret) throw new CliUsageError('call needs --secret (or OPENAI_WEBHOOK_SECRET)');
  return {
    server: ((values.server as string | undefined) ?? 'http://127.0.0.1:8123').replace(/\/+$/, ''),
    body: {
      webhookUrl: values.webhook,
      secret,
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
      lines: (values.say as string[] | undefined) ?? [],
      ...(values.digits ? { digits: values.digits } : {}),
    },
  };
}

/** Places the call and prints its record as it ends. */
export async function runCall(command: CallCommand): Promise<void> {
  const response = await fetch(`${command.server}/v1/local/sip/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(command.body),
  });
  const record = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new CliUsageError(`the server refused the call: ${JSON.stringify(record)}`);
  console.log(JSON.stringify(record, null, 2));
}
