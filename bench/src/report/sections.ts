import { CLIENT_LABELS, type ClientName } from '../clients/index.js';
import type { BenchResults, RoundTripBench } from '../results.js';
import { ratio, summarize } from '../stats.js';
import type { ClientRoundTrips } from '../workloads/round-trip.js';
import { ingestRate, largestPassingN } from './budgets.js';
import { count, kib, ms, spread, table, times } from './format.js';
import { ingestSpread, roundTripSpread, type Samples, scaleGroups, stepP99, stepSpread } from './runs.js';

const INGEST_LABELS = {
  ours: CLIENT_LABELS.ours,
  peer: CLIENT_LABELS.peer,
  json: 'bare JSON.parse (yardstick)',
};

function find(bench: RoundTripBench, client: ClientName): ClientRoundTrips | undefined {
  return bench.clients.find((candidate) => candidate.client === client);
}

/** `peer ÷ Switchboard` for the median run of a statistic (above 1: the peer is slower). */
function peerOverOurs(bench: RoundTripBench, pick: Samples, stat: 'p50' | 'p99'): string {
  if (!find(bench, 'ours') || !find(bench, 'peer')) return '–';
  return times(
    ratio(
      roundTripSpread(bench, 'peer', pick, stat).median,
      roundTripSpread(bench, 'ours', pick, stat).median,
    ),
  );
}

/** A statistic of a client's samples: the median run, with the range of the runs. */
function runs(bench: RoundTripBench, client: ClientName, pick: Samples, stat: 'p50' | 'p99'): string {
  return spread(roundTripSpread(bench, client, pick, stat), ms);
}

/** Rounds with a client-side sample, of the rounds run (the peer sometimes answers before `response.done` arrives). */
function clientSamples(samples: readonly number[], rounds: number): string {
  return samples.length === rounds ? 'all' : `${count(samples.length)} of ${count(rounds)}`;
}

/** Correctness notes of a client's run (tool runs, early or extra creates, errors, unanswered rounds). */
function anomalies(client: ClientRoundTrips, expectedRuns: number | undefined): string {
  const notes: string[] = [];
  if (expectedRuns !== undefined && client.toolRuns !== expectedRuns)
    notes.push(`${count(client.toolRuns)} of ${count(expectedRuns)} tool runs`);
  if (client.earlyCreates > 0) notes.push(`${count(client.earlyCreates)} response.create before all outputs`);
  if (client.extraCreates > 0) notes.push(`${count(client.extraCreates)} extra response.create`);
  if (client.missing > 0) notes.push(`${count(client.missing)} rounds unanswered`);
  if (client.errors > 0) notes.push(`${count(client.errors)} errors`);
  return notes.length > 0 ? notes.join('; ') : 'ok';
}

/** The first columns of every round-trip table: the client, then both clocks' p50 and p99. */
export const ROUND_TRIP_COLUMNS = [
  'client',
  'round trip p50 (ms)',
  'round trip p99 (ms)',
  'framework p50 (ms)',
  'framework p99 (ms)',
] as const;

/** One tool round-trip table: server clock, client clock, overhead over the floor, and correctness. */
export function roundTripTable(bench: RoundTripBench, parallel: number | undefined): string {
  const server: Samples = (client) => client.serverMs;
  const own: Samples = (client) => client.clientMs;
  const floorP50 = roundTripSpread(bench, 'bare', server, 'p50').median;
  const rounds = bench.rounds * bench.runs.length;
  const rows = bench.clients.map((client) => {
    // A tail of a longer conversation ran more tools than it reports: only full runs are checked.
    const toolRuns =
      parallel === undefined || bench.rounds < bench.roundsPerSession ? undefined : rounds * parallel;
    const name = client.client;
    return [
      CLIENT_LABELS[name],
      runs(bench, name, server, 'p50'),
      runs(bench, name, server, 'p99'),
      runs(bench, name, own, 'p50'),
      runs(bench, name, own, 'p99'),
      name === 'bare' ? '–' : ms(roundTripSpread(bench, name, server, 'p50').median - floorP50),
      clientSamples(client.clientMs, rounds),
      anomalies(client, toolRuns),
    ];
  });
  rows.push([
    '**peer ÷ Switchboard**',
    peerOverOurs(bench, (c) => c.serverMs, 'p50'),
    peerOverOurs(bench, (c) => c.serverMs, 'p99'),
    peerOverOurs(bench, (c) => c.clientMs, 'p50'),
    peerOverOurs(bench, (c) => c.clientMs, 'p99'),
    '',
    '',
    '',
  ]);
  return table(
    [...ROUND_TRIP_COLUMNS, 'p50 over the floor (ms)', 'rounds with a client-side sample', 'behaviour'],
    rows,
  );
}

/** The handoff table: `session.update` and `response.create` arrival, server and client clocks. */
export function handoffTable(bench: RoundTripBench): string {
  const update: Samples = (client) => client.serverUpdateMs;
  const create: Samples = (client) => client.serverMs;
  const own: Samples = (client) => client.clientMs;
  const rounds = bench.rounds * bench.runs.length;
  const rows = bench.clients.map((client) => {
    const name = client.client;
    return [
      CLIENT_LABELS[name],
      runs(bench, name, update, 'p50'),
      runs(bench, name, update, 'p99'),
      runs(bench, name, create, 'p50'),
      runs(bench, name, create, 'p99'),
      runs(bench, name, own, 'p50'),
      runs(bench, name, own, 'p99'),
      clientSamples(client.clientMs, rounds),
      anomalies(client, undefined),
    ];
  });
  rows.push([
    '**peer ÷ Switchboard**',
    peerOverOurs(bench, (c) => c.serverUpdateMs, 'p50'),
    peerOverOurs(bench, (c) => c.serverUpdateMs, 'p99'),
    peerOverOurs(bench, (c) => c.serverMs, 'p50'),
    peerOverOurs(bench, (c) => c.serverMs, 'p99'),
    peerOverOurs(bench, (c) => c.clientMs, 'p50'),
    peerOverOurs(bench, (c) => c.clientMs, 'p99'),
    '',
    '',
  ]);
  return table(
    [
      'client',
      '→ session.update p50 (ms)',
      '→ session.update p99 (ms)',
      '→ response.create p50 (ms)',
      '→ response.create p99 (ms)',
      'framework p50 (ms)',
      'framework p99 (ms)',
      'rounds with a client-side sample',
      'behaviour',
    ],
    rows,
  );
}

/** The ingest table: throughput, per-event latency, and the ratio to bare JSON.parse. */
export function ingestTable(results: BenchResults): string {
  const json = ingestRate(results, 'json');
  const rows = results.ingest.results.map((result) => {
    const events = ingestSpread(results, result.ingester);
    const megabytes = summarize(result.megabytesPerSecond);
    const latency = summarize(result.perEventMs);
    return [
      INGEST_LABELS[result.ingester],
      spread(events, count),
      megabytes.p50.toFixed(0),
      ms(latency.p50),
      ms(latency.p99),
      times(events.median / json),
      result.errors > 0 ? `${result.errors} errors` : 'ok',
    ];
  });
  rows.push([
    '**Switchboard ÷ peer**',
    times(ratio(ingestRate(results, 'ours'), ingestRate(results, 'peer'))),
    '',
    '',
    '',
    '',
    '',
  ]);
  return table(
    [
      'ingester',
      'events/s (median run, range)',
      'MB/s',
      'per event p50 (ms)',
      'per event p99 (ms)',
      '× JSON.parse',
      'behaviour',
    ],
    rows,
  );
}

/** The scale table: per client and session count, memory, event-loop lag, round trips under load. */
export function scaleTable(results: BenchResults): string {
  const groups = scaleGroups(results.scale.steps);
  const rows = groups.map((group) => {
    const figure = (pick: (step: (typeof group.runs)[number]) => number, format: (value: number) => string) =>
      spread(stepSpread(group, pick), format);
    const errors = group.runs.reduce((sum, step) => sum + step.errors, 0);
    const skipped = group.runs.reduce((sum, step) => sum + step.skippedTicks, 0);
    return [
      CLIENT_LABELS[group.client],
      count(group.sessions),
      figure((step) => step.idleHeapPerSession, kib),
      figure((step) => step.idleRssPerSession, kib),
      figure((step) => step.loadedHeapPerSession, kib),
      figure((step) => step.loopLagP99Ms, ms),
      figure((step) => summarize(step.roundTripMs).p50, ms),
      figure(stepP99, ms),
      count(group.runs.reduce((sum, step) => sum + step.roundTripMs.length, 0)),
      figure((step) => step.cpuPerRoundTripUs, count),
      figure((step) => step.serverLagP99Ms, ms),
      errors > 0 || skipped > 0 ? `${errors} errors, ${skipped} calls skipped` : 'ok',
    ];
  });
  return table(
    [
      'client',
      'sessions',
      'heap / idle session (KiB)',
      'RSS / idle session (KiB)',
      'heap / session after load (KiB)',
      'event-loop lag p99 (ms)',
      'round trip p50 (ms)',
      'round trip p99 (ms)',
      'round trips (all runs)',
      'CPU / round trip (µs)',
      'server lag p99 (ms)',
      'behaviour',
    ],
    rows,
  );
}

/** One line per framework: the largest session count that kept the round-trip p99 under the limit, and every step's p99. */
export function largestNLine(results: BenchResults): string {
  const { steps, p99LimitMs } = results.scale;
  const tested = Math.max(...steps.map((step) => step.sessions));
  return (['ours', 'peer'] as const)
    .map((client) => {
      const best = largestPassingN(steps, client, p99LimitMs);
      const text =
        best === 0
          ? 'none of the tested counts'
          : best === tested
            ? `${count(best)}, the largest tested,`
            : count(best);
      const each = scaleGroups(steps)
        .filter((group) => group.client === client)
        .map((group) => {
          const p99 = stepSpread(group, stepP99).median;
          return `${count(group.sessions)}: ${ms(p99)} ms ${p99 < p99LimitMs ? '✓' : '✗'}`;
        })
        .join(', ');
      return `- ${CLIENT_LABELS[client]}: ${text} (median run's p99 at ${each})`;
    })
    .join('\n');
}
