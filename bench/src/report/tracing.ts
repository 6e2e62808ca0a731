import { CLIENT_LABELS } from '../clients/index.js';
import type { RoundTripBench } from '../results.js';
import { summarize } from '../stats.js';
import type { ClientRoundTrips } from '../workloads/round-trip.js';
import type { BudgetCheck } from './budgets.js';
import { ms, table } from './format.js';
import { ROUND_TRIP_COLUMNS } from './sections.js';

/** A client's figures: framework time (client clock) and CPU per round trip. */
function figures(client: ClientRoundTrips | undefined, rounds: number) {
  const own = summarize(client?.clientMs ?? []);
  return { p50: own.p50, p99: own.p99, cpuUs: client ? client.cpuMicros / rounds : Number.NaN };
}

function find(bench: RoundTripBench, name: ClientRoundTrips['client']): ClientRoundTrips | undefined {
  return bench.clients.find((client) => client.client === name);
}

/** `+0.004` ms, signed. */
function delta(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : '−'}${ms(Math.abs(value))}` : '–';
}

/** The tracing table: server and client clocks, CPU per round trip, each against no telemetry at all. */
export function tracingTable(bench: RoundTripBench): string {
  const base = figures(find(bench, 'ours'), bench.rounds);
  const rows = bench.clients.map((client) => {
    const server = summarize(client.serverMs);
    const own = figures(client, bench.rounds);
    const isBase = client.client === 'ours';
    return [
      isBase ? `${CLIENT_LABELS.ours}, no telemetry` : CLIENT_LABELS[client.client],
      ms(server.p50),
      ms(server.p99),
      ms(own.p50),
      ms(own.p99),
      isBase ? '–' : delta(own.p50 - base.p50),
      own.cpuUs.toFixed(0),
      isBase ? '–' : `${delta(own.cpuUs - base.cpuUs)} µs`,
      client.missing > 0 || client.errors > 0
        ? `${client.missing} unanswered, ${client.errors} errors`
        : 'ok',
    ];
  });
  return table(
    [
      ...ROUND_TRIP_COLUMNS,
      'framework p50 vs none (ms)',
      'CPU per round trip (µs)',
      'CPU vs none',
      'behaviour',
    ],
    rows,
  );
}

/**
 * DESIGN.md: "tracing off costs nothing measurable; tracing on is stated". Off is met when its
 * framework p50 is within 10 µs of no telemetry (below the run-to-run noise of a 2-core machine).
 */
export function tracingBudgets(bench: RoundTripBench): BudgetCheck[] {
  const base = figures(find(bench, 'ours'), bench.rounds);
  const off = figures(find(bench, 'ours-tracing-off'), bench.rounds);
  const on = figures(find(bench, 'ours-tracing-on'), bench.rounds);
  if (!Number.isFinite(base.p50)) return [];
  return [
    {
      id: 'tracing-off',
      budget: 'tracing off (openTelemetry(), no SDK): framework p50 within 0.01 ms of no telemetry',
      measured: `${delta(off.p50 - base.p50)} ms (${off.p50.toFixed(3)} vs ${base.p50.toFixed(3)})`,
      met: Math.abs(off.p50 - base.p50) <= 0.01,
    },
    {
      id: 'tracing-on',
      budget: 'tracing on (SDK, batch span processor, metrics): cost stated',
      measured: `framework p50 ${delta(on.p50 - base.p50)} ms, CPU ${delta(on.cpuUs - base.cpuUs)} µs per round trip`,
      met: Number.isFinite(on.p50),
    },
  ];
}
