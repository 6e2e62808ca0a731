/** What the benchmark model does on one connection, read from the connection URL's query. */
export interface Workload {
  /** `tool`: calls to the `noop` tool; `handoff`: a transfer to the other agent each round. */
  readonly kind: 'tool' | 'handoff';
  /** Calls per response (tool workload). */
  readonly parallel: number;
  /** How many function-calling responses to play (0: stay idle). */
  readonly rounds: number;
  /** 0: the next round follows the answer at once; otherwise one round every `intervalMs`. */
  readonly intervalMs: number;
  /** Which bucket the server's timings go to. */
  readonly label: string;
  /** Paced mode only: wait for `release(label)` before the first round (so idle memory can be measured first). */
  readonly hold?: boolean;
}

/**
 * The query string for a workload.
 *
 * @example
 * ```ts
 * const url = `${server.url}?${workloadQuery({ kind: 'tool', parallel: 3, rounds: 100, intervalMs: 0, label: 'ours' })}`;
 * ```
 */
export function workloadQuery(workload: Workload): string {
  return new URLSearchParams({
    workload: workload.kind,
    parallel: String(workload.parallel),
    rounds: String(workload.rounds),
    interval: String(workload.intervalMs),
    label: workload.label,
    hold: workload.hold ? '1' : '0',
  }).toString();
}

/** Reads a workload back from a query string (defaults: one idle tool session). */
export function parseWorkload(query: URLSearchParams): Workload {
  const number = (name: string, fallback: number) => {
    const value = Number(query.get(name) ?? fallback);
    return Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    kind: query.get('workload') === 'handoff' ? 'handoff' : 'tool',
    parallel: Math.max(1, number('parallel', 1)),
    rounds: number('rounds', 0),
    intervalMs: number('interval', 0),
    label: query.get('label') ?? 'default',
    hold: query.get('hold') === '1',
  };
}
