import { CLIENT_LABELS, type ClientName } from '../clients/index.js';
import type { BenchResults, RoundTripBench } from '../results.js';
import { ingestRate } from './budgets.js';
import { roundTripSpread, scaleGroup, stepP99, stepSpread } from './runs.js';
import { type BarGroup, type Panel, renderBarChart } from './svg.js';

const COLORS: Readonly<Record<string, string>> = {
  [CLIENT_LABELS.ours]: '#2563eb',
  [CLIENT_LABELS.peer]: '#f97316',
  [CLIENT_LABELS.bare]: '#9ca3af',
};
const JSON_LABEL = 'bare JSON.parse';

function roundTripGroup(label: string, bench: RoundTripBench, stat: 'p50' | 'p99'): BarGroup {
  return {
    label,
    bars: bench.clients.map((client) => ({
      series: CLIENT_LABELS[client.client],
      value: roundTripSpread(bench, client.client, (samples) => samples.serverMs, stat).median,
    })),
  };
}

/**
 * The chart next to docs/benchmarks.md: round trips (p50 and p99, server clock) for every
 * workload, ingest speed, and the round-trip p99 under load for each session count.
 *
 * @example
 * ```ts
 * writeFileSync('docs/benchmarks.svg', renderChart(results));
 * ```
 */
export function renderChart(results: BenchResults): string {
  const benches: Array<[string, RoundTripBench]> = [
    ['tool: one call per response', results.toolRoundTrips[0] as RoundTripBench],
    ['tool: three parallel calls', results.toolRoundTrips[1] as RoundTripBench],
    ['tool: late in a long conversation', results.toolRoundTrips[2] as RoundTripBench],
    ['handoff', results.handoff],
  ];
  const present = benches.filter(([, bench]) => bench !== undefined);
  const sessions = [...new Set(results.scale.steps.map((step) => step.sessions))];
  const panels: Panel[] = [
    {
      title: 'Round trip p50, server clock, median run (lower is better)',
      unit: 'ms',
      groups: present.map(([label, bench]) => roundTripGroup(label, bench, 'p50')),
    },
    {
      title: 'Round trip p99, server clock, median run (lower is better)',
      unit: 'ms',
      groups: present.map(([label, bench]) => roundTripGroup(label, bench, 'p99')),
    },
    {
      title: 'Event ingest: recorded local-realtime stream (higher is better)',
      unit: 'k ev/s',
      groups: [
        {
          label: 'parse + session + history',
          bars: (['ours', 'peer', 'json'] as const).map((ingester) => ({
            series: ingester === 'json' ? JSON_LABEL : CLIENT_LABELS[ingester],
            value: ingestRate(results, ingester) / 1000,
          })),
        },
      ],
    },
    {
      title: `Round trip p99 with N sessions, one call each per ${results.scale.intervalMs} ms (limit ${results.scale.p99LimitMs} ms)`,
      unit: 'ms',
      log: true,
      groups: sessions.map((count) => ({
        label: `${count.toLocaleString('en')} sessions`,
        bars: (['ours', 'peer'] as ClientName[]).map((client) => {
          const group = scaleGroup(results.scale.steps, client, count);
          return { series: CLIENT_LABELS[client], value: stepSpread(group, stepP99).median };
        }),
      })),
    },
  ];
  return renderBarChart(
    `Switchboard vs @openai/agents-realtime (Node ${results.info.node}, ${results.info.cores} cores)`,
    panels,
    { ...COLORS, [JSON_LABEL]: '#d1d5db' },
  );
}
