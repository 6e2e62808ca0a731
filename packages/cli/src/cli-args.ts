import { parseArgs } from 'node:util';

/** Usage text of `switchboard`. */
export const USAGE = `Usage: switchboard inspect <recording.jsonl> [-o <page.html>]

Commands:
  inspect <recording>   Write one self-contained HTML page for a recorded call (a recording from
                        recordTransport, JSON Lines, optionally gzipped): a timeline of turns, audio,
                        tool calls, handoffs, latency and errors, a filterable event list and the
                        transcript. Opens from disk; no server, no network.

Options:
  -o, --out <file>      where to write the page (default: the recording's name with .html)
  -h, --help            show this help
`;

/** A command line the CLI cannot run: the message says what is wrong, and the help follows it. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly code = 'invalid_usage';
}

/** What the command line asks for. */
export type CliCommand =
  | { readonly command: 'help' }
  | { readonly command: 'inspect'; readonly recording: string; readonly out: string };

/**
 * Parses `switchboard` arguments (without `node` and the script). The page goes next to the
 * recording unless `-o` says otherwise: `calls/a.jsonl` → `calls/a.html`, `a.jsonl.gz` → `a.html`.
 */
export function parseCli(args: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { command: 'help' };
  const [command, recording, ...rest] = positionals;
  if (command !== 'inspect')
    throw new CliUsageError(`unknown command "${command}" (try: switchboard inspect <recording.jsonl>)`);
  if (!recording) throw new CliUsageError('inspect needs a recording: switchboard inspect <recording.jsonl>');
  if (rest.length > 0) throw new CliUsageError(`one recording at a time (also given: ${rest.join(' ')})`);
  const out = values.out ?? `${recording.replace(/\.jsonl(\.gz)?$|\.gz$/i, '')}.html`;
  if (out === recording)
    throw new CliUsageError('the page would overwrite the recording: give -o another file');
  return { command: 'inspect', recording, out };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  });
}
