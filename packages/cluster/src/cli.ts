import { parseArgs } from 'node:util';
import { clusterKeys } from './keys.js';
import { closeRedis, connectRedis } from './redis/connection.js';
import { formatStatus, readStatus } from './status.js';

const USAGE = `Usage: switchboard-cluster status [--redis URL] [--prefix sb] [--json]

Prints the workers of a Switchboard cluster (calls per worker against capacity, pending entries,
state), the calls running, the calls waiting for a worker (the consumer group's lag), and the
calls whose worker is gone.

  --redis URL    Redis or Valkey (default: $SWITCHBOARD_CLUSTER, else redis://127.0.0.1:6379)
  --prefix P     key prefix the cluster uses (default sb)
  --json         the status as JSON`;

/** Runs the command with `argv` (without node and the script); returns the exit code. */
export async function main(
  argv: readonly string[],
  out = process.stdout,
  err = process.stderr,
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    err.write(`switchboard-cluster: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] !== 'status' || positionals.length > 1) {
    (values.help ? out : err).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const url = values.redis ?? process.env.SWITCHBOARD_CLUSTER ?? 'redis://127.0.0.1:6379';
  const redis = connectRedis(url, 'switchboard:status');
  // One try: a status command should say Redis is unreachable, not wait for it.
  redis.options.maxRetriesPerRequest = 0;
  redis.options.retryStrategy = () => null;
  redis.on('error', () => {});
  try {
    const status = await readStatus(redis, clusterKeys(values.prefix));
    out.write(`${values.json ? JSON.stringify(status, null, 2) : formatStatus(status)}\n`);
    return 0;
  } catch (error) {
    err.write(`switchboard-cluster: cannot read ${url}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await closeRedis(redis);
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      redis: { type: 'string' },
      prefix: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
