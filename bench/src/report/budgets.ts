import type { BenchResults, RoundTripBench } from '../results.js';
import { summarize } from '../stats.js';
import type { ClientRoundTrips } from '../workloads/round-trip.js';
import type { ScaleStep } from '../workloads/scale.js';
import { tracingBudgets } from './tracing.js';

/** One budget of DESIGN.md's performance model, checked against a run. */
export interface BudgetCheck {
  readonly id:
    | 'tool-p50'
    | 'tool-p99'
    | 'tool3-p50'
    | 'tool3-p99'
    | 'ingest'
    | 'sessions'
    | 'tracing-off'
    | 'tracing-on';
  readonly budget: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Switchboard's figures from one client list. */
export function ours(bench: RoundTripBench): ClientRoundTrips | undefined {
  return bench.clients.find((client) => client.client === 'ours');
}

/** Events per second (median over passes) of an ingester. */
export function ingestRate(results: BenchResults, ingester: 'ours' | 'peer' | 'json'): number {
  const result = results.ingest.results.find((candidate) => candidate.ingester === ingester);
  return result ? summarize(result.eventsPerSecond).p50 : Number.NaN;
}

/** The largest tested session count whose round-trip p99 stayed under the limit (0 when none did). */
export function largestPassingN(steps: readonly ScaleStep[], client: string, limitMs: number): number {
  let best = 0;
  for (const step of steps) {
    if (step.client !== client || step.errors > 0) continue;
    const { p99, count } = summarize(step.roundTripMs);
    if (count > 0 && p99 < limitMs) best = Math.max(best, step.sessions);
  }
  return best;
}

/**
 * Checks the budgets: framework time of a tool round trip (Switchboard's side only, on its own
 * clock, one and three calls per response), ingest speed against bare `JSON.parse`, and 1,000
 * sessions in one process.
 */
export function checkBudgets(results: BenchResults): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  const [one, three] = results.toolRoundTrips;
  for (const [bench, prefix, label] of [
    [one, 'tool', 'one call'],
    [three, 'tool3', 'three calls'],
  ] as const) {
    const mine = bench && ours(bench);
    if (!mine) continue;
    const { p50, p99 } = summarize(mine.clientMs);
    checks.push({
      id: `${prefix}-p50`,
      budget: `tool round trip, ${label}: framework p50 < 0.2 ms`,
      measured: `${p50.toFixed(3)} ms`,
      met: p50 < 0.2,
    });
    checks.push({
      id: `${prefix}-p99`,
      budget: `tool round trip, ${label}: framework p99 < 1 ms`,
      measured: `${p99.toFixed(3)} ms`,
      met: p99 < 1,
    });
  }
  const ratio = ingestRate(results, 'ours') / ingestRate(results, 'json');
  checks.push({
    id: 'ingest',
    budget: 'event ingest ≥ 0.5 × bare JSON.parse',
    measured: `${ratio.toFixed(2)} ×`,
    met: ratio >= 0.5,
  });
  const biggest = results.scale.steps
    .filter((step) => step.client === 'ours')
    .reduce<ScaleStep | undefined>(
      (max, step) => (!max || step.sessions > max.sessions ? step : max),
      undefined,
    );
  if (biggest) {
    checks.push({
      id: 'sessions',
      budget: '1,000 concurrent sessions in one process, memory per idle session stated',
      measured: `${biggest.sessions.toLocaleString('en')} sessions, ${(biggest.idleHeapPerSession / 1024).toFixed(1)} KiB heap each (idle), ${biggest.errors} errors`,
      met: biggest.sessions >= 1_000 && biggest.errors === 0,
    });
  }
  checks.push(...tracingBudgets(results.tracing));
  return checks;
}
