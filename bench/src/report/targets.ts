import type { BenchResults } from '../results.js';
import type { Spread } from '../stats.js';
import { ingestRate } from './budgets.js';
import { kib, ms, spread, table, times } from './format.js';
import { roundTripSpread, scaleGroup, stepP99, stepSpread } from './runs.js';

/** One target of the comparison with the peer at scale, checked against a run. */
export interface TargetCheck {
  readonly id: 'memory' | 'scale-p99' | 'scale-5ms' | 'cpu' | 'ingest' | 'handoff-p99';
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** The session count the scale targets are read at (1,000, or the largest tested below it). */
export function targetSessions(results: BenchResults): number {
  const counts = results.scale.steps.map((step) => step.sessions);
  return counts.includes(1_000) ? 1_000 : Math.max(0, ...counts);
}

function scaleFigure(
  results: BenchResults,
  client: 'ours' | 'peer',
  figure: Parameters<typeof stepSpread>[1],
): Spread {
  return stepSpread(scaleGroup(results.scale.steps, client, targetSessions(results)), figure);
}

/**
 * Switchboard against the peer where a server operator looks (median runs): heap per idle session
 * at most half the peer's, round-trip p99 under load below the peer's and under the limit, CPU per
 * round trip at most half the peer's, ingest at least 0.8× bare `JSON.parse`, handoff p99 no worse
 * than the peer's.
 */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const n = targetSessions(results).toLocaleString('en');
  const heap = (client: 'ours' | 'peer') => scaleFigure(results, client, (step) => step.idleHeapPerSession);
  const p99 = (client: 'ours' | 'peer') => scaleFigure(results, client, stepP99);
  const cpu = (client: 'ours' | 'peer') => scaleFigure(results, client, (step) => step.cpuPerRoundTripUs);
  const ingest = ingestRate(results, 'ours') / ingestRate(results, 'json');
  const handoff = (client: 'ours' | 'peer') =>
    roundTripSpread(results.handoff, client, (samples) => samples.serverMs, 'p99');
  const pair = (ours: Spread, peer: Spread, format: (value: number) => string) =>
    `${spread(ours, format)} vs ${spread(peer, format)} (${times(ours.median / peer.median)})`;
  const cpuUs = (value: number) => value.toFixed(0);
  return [
    {
      id: 'memory',
      target: `heap per idle session at ${n} sessions ≤ 0.5× the peer's (KiB)`,
      measured: pair(heap('ours'), heap('peer'), kib),
      met: heap('ours').median <= 0.5 * heap('peer').median,
    },
    {
      id: 'scale-p99',
      target: `round-trip p99 at ${n} sessions below the peer's (ms)`,
      measured: pair(p99('ours'), p99('peer'), ms),
      met: p99('ours').median < p99('peer').median,
    },
    {
      id: 'scale-5ms',
      target: `round-trip p99 at ${n} sessions < ${results.scale.p99LimitMs} ms`,
      measured: `${spread(p99('ours'), ms)} ms`,
      met: p99('ours').median < results.scale.p99LimitMs,
    },
    {
      id: 'cpu',
      target: `CPU per round trip at ${n} sessions ≤ 0.5× the peer's (µs)`,
      measured: pair(cpu('ours'), cpu('peer'), cpuUs),
      met: cpu('ours').median <= 0.5 * cpu('peer').median,
    },
    {
      id: 'ingest',
      target: 'event ingest ≥ 0.8× bare JSON.parse',
      measured: times(ingest),
      met: ingest >= 0.8,
    },
    {
      id: 'handoff-p99',
      target: "handoff → response.create p99 ≤ the peer's (ms)",
      measured: pair(handoff('ours'), handoff('peer'), ms),
      met: handoff('ours').median <= handoff('peer').median,
    },
  ];
}

/** The targets as a Markdown table. */
export function targetsTable(checks: readonly TargetCheck[]): string {
  return table(
    ['target', 'Switchboard vs peer (median run, range)', 'met'],
    checks.map((check) => [check.target, check.measured, check.met ? 'yes' : '**no**']),
  );
}
