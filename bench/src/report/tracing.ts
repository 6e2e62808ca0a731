import { CLIENT_LABELS } from '../clients/index.js';
import type { RoundTripBench } from '../results.js';
import type { ClientRoundTrips } from '../workloads/round-trip.js';
import type { BudgetCheck } from './budgets.js';
import { ms, spread, table } from './format.js';
import { cpuSpread, roundTripSpread } from './runs.js';
import { ROUND_TRIP_COLUMNS } from './sections.js';

/** A client's figures (median run): framework time (client clock) and CPU per round trip. */
function figures(bench: RoundTripBench, name: ClientRoundTrips['client']) {
  const own = (client: ClientRoundTrips) => client.clientMs;
  return {
    p50: roundTripSpread(bench, name, own, 'p50').median,
    p99: roundTripSpread(bench, name, own, 'p99').median,
    cpuUs: cpuSpread(bench, name).median,
  };
}

/** `+0.004` ms, signed. */
function delta(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : '−'}${ms(Math.abs(value))}` : '–';
}

/** The tracing table: server and client clocks, CPU per round trip, each against no telemetry at all. */
export function tracingTable(bench: RoundTripBench): string {
  const base = figures(bench, 'ours');
  const server = (client: ClientRoundTrips) => client.serverMs;
  const clientClock = (client: ClientRoundTrips) => client.clientMs;
  const rows = bench.clients.map((client) => {
    const name = client.client;
    const own = figures(bench, name);
    const isBase = name === 'ours';
    return [
      isBase ? `${CLIENT_LABELS.ours}, no telemetry` : CLIENT_LABELS[name],
      spread(roundTripSpread(bench, name, server, 'p50'), ms),
      spread(roundTripSpread(bench, name, server, 'p99'), ms),
      spread(roundTripSpread(bench, name, clientClock, 'p50'), ms),
      spread(roundTripSpread(bench, name, clientClock, 'p99'), ms),
      isBase ? '–' : delta(own.p50 - base.p50),
      spread(cpuSpread(bench, name), (value) => value.toFixed(0)),
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
  const base = figures(bench, 'ours');
  const off = figures(bench, 'ours-tracing-off');
  const on = figures(bench, 'ours-tracing-on');
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
