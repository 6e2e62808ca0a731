import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Brain } from './brains/brain.js';
import { chatCompletionsBrain } from './brains/chat-completions-brain.js';
import { rulesBrain } from './brains/rules-brain.js';
import { type ScriptRule, scriptedBrain } from './brains/scripted-brain.js';
import type { LocalRealtimeOptions } from './server/options.js';

/** Usage text of `switchboard-local`. */
export const USAGE = `Usage: switchboard-local [options]

A local OpenAI Realtime API compatible server (WebSocket /v1/realtime, client secrets, WebRTC and
simulated SIP calls). \`switchboard-local call --help\` places a simulated phone call on a running one.

Options:
  --port <n>             TCP port (default 8123; 0 picks a free one)
  --host <addr>          interface to listen on (default 127.0.0.1)
  --brain <kind>         rules (default) | chat | scripted:<rules.json>
  --chat-url <url>       chat brain: OpenAI-compatible base URL (default $LOCAL_REALTIME_CHAT_URL)
  --chat-model <name>    chat brain: model (default $LOCAL_REALTIME_CHAT_MODEL)
  --chat-key <key>       chat brain: API key (default $LOCAL_REALTIME_CHAT_KEY)
  --pace <pace>          realtime (default) | fast
  --voice <voice>        auto (default) | espeak | tone
  --require-auth <key>   accept only this API key (and client secrets minted here)
  --tls-key <file>       serve wss:// and https:// with this PEM key ...
  --tls-cert <file>      ... and this PEM certificate
  --verbose              log connections and events
  --help                 show this help
`;

/** A command line the CLI cannot run with. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly code = 'cli_usage';
}

/**
 * The sentence the CLI prints when the server cannot start, for the errors a user can fix from the
 * command line (the port is taken, or needs privileges); undefined for anything else.
 */
export function startErrorMessage(
  error: unknown,
  options: { readonly port?: number; readonly host?: string },
): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const where = `port ${options.port ?? 0} on ${options.host ?? '127.0.0.1'}`;
  if (code === 'EADDRINUSE') {
    return (
      `${where} is already in use (another switchboard-local, or another server, is listening there). ` +
      `Stop it, or pick another port: --port ${(options.port ?? 8123) + 1}, or --port 0 for any free port.`
    );
  }
  if (code === 'EACCES') {
    return `no permission to listen on ${where}: ports below 1024 need privileges. Pick another port, e.g. --port 8123.`;
  }
  return undefined;
}

/** What the CLI runs: server options, or a request for help. */
export type CliCommand =
  | { readonly help: true }
  | { readonly help: false; readonly options: LocalRealtimeOptions };

/** `"/refund/i"` in a rules file is a RegExp; any other string is a substring. */
function pattern(value: unknown): string | RegExp | undefined {
  if (typeof value !== 'string') return undefined;
  const regex = /^\/(.+)\/([a-z]*)$/.exec(value);
  return regex ? new RegExp(regex[1] as string, regex[2]) : value;
}

/**
 * Reads a scripted brain's rules from JSON: `{ "rules": [{ "user": "/refund/i", "handoff": "Billing" },
 * { "toolOutput": "lookup_invoice", "say": "Found it." }], "fallback": "Sorry?" }`.
 */
export function scriptedBrainFromJson(text: string): Brain {
  const parsed = JSON.parse(text) as { rules?: unknown; fallback?: unknown };
  if (!Array.isArray(parsed.rules)) throw new CliUsageError('a rules file needs a "rules" array');
  const rules: ScriptRule[] = parsed.rules.map((raw: Record<string, unknown>) => ({
    user: pattern(raw.user),
    toolOutput: typeof raw.toolOutput === 'string' ? raw.toolOutput : undefined,
    say: typeof raw.say === 'string' ? raw.say : undefined,
    handoff: typeof raw.handoff === 'string' ? raw.handoff : undefined,
    call:
      typeof raw.call === 'object' && raw.call !== null
        ? (raw.call as { name: string; arguments?: Record<string, unknown> })
        : undefined,
  }));
  return scriptedBrain({
    rules,
    fallback: typeof parsed.fallback === 'string' ? parsed.fallback : undefined,
  });
}

function brainFrom(
  kind: string,
  values: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): Brain {
  if (kind === 'rules') return rulesBrain();
  if (kind === 'chat' || kind === 'chat-completions') {
    const baseUrl = (values['chat-url'] as string | undefined) ?? env.LOCAL_REALTIME_CHAT_URL;
    const model = (values['chat-model'] as string | undefined) ?? env.LOCAL_REALTIME_CHAT_MODEL;
    if (!baseUrl || !model) throw new CliUsageError('--brain chat needs --chat-url and --chat-model');
    const apiKey = (values['chat-key'] as string | undefined) ?? env.LOCAL_REALTIME_CHAT_KEY;
    return chatCompletionsBrain({ baseUrl, model, ...(apiKey ? { apiKey } : {}) });
  }
  if (kind.startsWith('scripted:'))
    return scriptedBrainFromJson(readFileSync(kind.slice('scripted:'.length), 'utf8'));
  throw new CliUsageError(`unknown brain "${kind}" (expected rules, chat or scripted:<file>)`);
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliUsageError(`--${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  }
  return value as T;
}

/**
 * Parses the command line into server options.
 */
export function parseCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): CliCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        brain: { type: 'string' },
        'chat-url': { type: 'string' },
        'chat-model': { type: 'string' },
        'chat-key': { type: 'string' },
        pace: { type: 'string' },
        voice: { type: 'string' },
        'require-auth': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-cert': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { help: true };
  const port = Number(values.port ?? 8123);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliUsageError(`--port must be 0..65535, not "${values.port}"`);
  const tlsKey = values['tls-key'] as string | undefined;
  const tlsCert = values['tls-cert'] as string | undefined;
  if ((tlsKey === undefined) !== (tlsCert === undefined))
    throw new CliUsageError('--tls-key and --tls-cert go together');
  const options: LocalRealtimeOptions = {
    port,
    host: (values.host as string | undefined) ?? '127.0.0.1',
    brain: brainFrom((values.brain as string | undefined) ?? 'rules', values, env),
    audio: {
      pace: oneOf('pace', values.pace as string | undefined, ['realtime', 'fast'] as const),
      voice: oneOf('voice', values.voice as string | undefined, ['auto', 'espeak', 'tone'] as const),
    },
    ...(tlsKey && tlsCert ? { tls: { key: readFileSync(tlsKey), cert: readFileSync(tlsCert) } } : {}),
    ...(values['require-auth'] ? { requireAuth: values['require-auth'] as string } : {}),
    ...(values.verbose ? { log } : {}),
  };
  return { help: false, options };
}
