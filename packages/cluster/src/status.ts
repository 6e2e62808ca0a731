import type { Redis } from 'ioredis';
import type { ClusterKeys } from './keys.js';
import type { WorkerHeartbeat } from './worker/leases.js';

/** One worker as `status` sees it. */
export interface WorkerStatus extends WorkerHeartbeat {
  /** Stream entries (calls) pending for it in the consumer group. */
  readonly pending: number;
  /** Milliseconds since its last heartbeat. */
  readonly silentMs: number;
  /** Not seen for longer than its lease: presumed dead; its calls are being taken over. */
  readonly stale: boolean;
}

/** The cluster at a glance: `switchboard-cluster status` prints it. */
export interface ClusterStatus {
  readonly workers: readonly WorkerStatus[];
  /** Calls claimed by a worker and not finished (the consumer group's pending entries). */
  readonly running: number;
  /** Calls dispatched that no worker has claimed yet (the consumer group's lag). */
  readonly waiting: number;
  /** Running calls whose worker holds no heartbeat any more (they fail over once their lease runs out). */
  readonly orphaned: number;
}

/** Reads the cluster's status from Redis. */
export async function readStatus(redis: Redis, keys: ClusterKeys): Promise<ClusterStatus> {
  const [beats, groups, consumers] = await Promise.all([
    redis.hgetall(keys.workers),
    redis.xinfo('GROUPS', keys.calls).catch(() => []) as Promise<unknown[][]>,
    redis.xinfo('CONSUMERS', keys.calls, keys.group).catch(() => []) as Promise<unknown[][]>,
  ]);
  const group = (groups as unknown[][]).map(fieldsOf).find((fields) => fields.name === keys.group);
  const pendingOf = new Map(
    (consumers as unknown[][]).map(fieldsOf).map((fields) => [String(fields.name), Number(fields.pending)]),
  );
  const now = Date.now();
  const workers = Object.values(beats)
    .map((json) => JSON.parse(json) as WorkerHeartbeat)
    .map((beat): WorkerStatus => {
      const silentMs = Math.max(0, now - beat.seenAt);
      return { ...beat, pending: pendingOf.get(beat.id) ?? 0, silentMs, stale: silentMs > beat.leaseMs };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  const running = Number(group?.pending ?? 0);
  const live = new Set(workers.map((worker) => worker.id));
  let orphaned = 0;
  for (const [name, pending] of pendingOf) if (!live.has(name)) orphaned += pending;
  return { workers, running, waiting: Number(group?.lag ?? 0), orphaned };
}

/** XINFO answers flat [name, value, …] arrays. */
function fieldsOf(flat: unknown[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[String(flat[i])] = flat[i + 1];
  return fields;
}

/** The status as the terminal table `switchboard-cluster status` prints. */
export function formatStatus(status: ClusterStatus): string {
  const rows = status.workers.map((worker) => [
    worker.id,
    `${worker.active}/${worker.capacity}`,
    String(worker.pending),
    worker.draining ? 'draining' : worker.stale ? `silent ${Math.round(worker.silentMs / 1000)} s` : 'ok',
    worker.host,
    String(worker.pid),
  ]);
  const header = ['worker', 'calls', 'pending', 'state', 'host', 'pid'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] as number))
      .join('  ')
      .trimEnd();
  const table = status.workers.length > 0 ? [line(header), ...rows.map(line)] : ['no workers'];
  return [
    ...table,
    '',
    `running ${status.running}  waiting ${status.waiting} (lag)  orphaned ${status.orphaned}`,
  ].join('\n');
}
