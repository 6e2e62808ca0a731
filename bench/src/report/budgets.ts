import type { BenchResults, RoundTripBench } from '../results.js';
import type { ClientRoundTrips } from '../workloads/round-trip.js';
import type { ScaleStep } from '../workloads/scale.js';
import { ingestSpread, roundTripSpread, scaleGroups, stepP99, stepSpread } from './runs.js';
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

/** Events per second of an ingester (the median of each run's median pass). */
export function ingestRate(results: BenchResults, ingester: 'ours' | 'peer' | 'json'): number {
  return ingestSpread(results, ingester).median;
}

/**
 * The largest tested session count whose median run kept the round-trip p99 under the limit, with
 * no errors in any run (0 when none did).
 */
export function largestPassingN(steps: readonly ScaleStep[], client: string, limitMs: number): number {
  let best = 0;
  for (const group of scaleGroups(steps)) {
    if (group.client !== client || group.runs.some((step) => step.errors > 0)) continue;
    const p99 = stepSpread(group, stepP99).median;
    if (p99 < limitMs) best = Math.max(best, group.sessions);
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
    if (!bench || !ours(bench)) continue;
    const p50 = roundTripSpread(bench, 'ours', (client) => client.clientMs, 'p50').median;
    const p99 = roundTripSpread(bench, 'ours', (client) => client.clientMs, 'p99').median;
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
  const biggest = scaleGroups(results.scale.steps)
    .filter((group) => group.client === 'ours')
    .reduce<ReturnType<typeof scaleGroups>[number] | undefined>(
      (max, group) => (!max || group.sessions > max.sessions ? group : max),
      undefined,
    );
  if (biggest) {
    const heap = stepSpread(biggest, (step) => step.idleHeapPerSession).median;
    const errors = biggest.runs.reduce((sum, step) => sum + step.errors, 0);
    checks.push({
      id: 'sessions',
      budget: '1,000 concurrent sessions in one process, memory per idle session stated',
      measured: `${biggest.sessions.toLocaleString('en')} sessions, ${(heap / 1024).toFixed(1)} KiB heap each (idle), ${errors} errors`,
      met: biggest.sessions >= 1_000 && errors === 0,
    });
  }
  checks.push(...tracingBudgets(results.tracing));
  return checks;
}
