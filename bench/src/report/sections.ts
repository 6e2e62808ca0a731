import { CLIENT_LABELS, type ClientName } from '../clients/index.js';
import type { BenchResults, RoundTripBench } from '../results.js';
import { ratio, summarize } from '../stats.js';
import type { ClientRoundTrips } from '../workloads/round-trip.js';
import { ingestRate, largestPassingN } from './budgets.js';
import { count, kib, ms, table, times } from './format.js';

const INGEST_LABELS = {
  ours: CLIENT_LABELS.ours,
  peer: CLIENT_LABELS.peer,
  json: 'bare JSON.parse (yardstick)',
};

function find(bench: RoundTripBench, client: ClientName): ClientRoundTrips | undefined {
  return bench.clients.find((candidate) => candidate.client === client);
}

/** `peer ÷ Switchboard` for a statistic of a sample set (above 1: the peer is slower). */
function peerOverOurs(
  bench: RoundTripBench,
  pick: (client: ClientRoundTrips) => number[],
  stat: 'p50' | 'p99',
): string {
  const ours = find(bench, 'ours');
  const peer = find(bench, 'peer');
  if (!ours || !peer) return '–';
  return times(ratio(summarize(pick(peer))[stat], summarize(pick(ours))[stat]));
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
  const floor = find(bench, 'bare');
  const floorP50 = floor ? summarize(floor.serverMs).p50 : Number.NaN;
  const rows = bench.clients.map((client) => {
    const server = summarize(client.serverMs);
    const own = summarize(client.clientMs);
    // A tail of a longer conversation ran more tools than it reports: only full runs are checked.
    const runs =
      parallel === undefined || bench.rounds < bench.roundsPerSession ? undefined : bench.rounds * parallel;
    return [
      CLIENT_LABELS[client.client],
      ms(server.p50),
      ms(server.p99),
      ms(own.p50),
      ms(own.p99),
      client.client === 'bare' ? '–' : ms(server.p50 - floorP50),
      anomalies(client, runs),
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
  ]);
  return table([...ROUND_TRIP_COLUMNS, 'p50 over the floor (ms)', 'behaviour'], rows);
}

/** The handoff table: `session.update` and `response.create` arrival, server and client clocks. */
export function handoffTable(bench: RoundTripBench): string {
  const rows = bench.clients.map((client) => {
    const update = summarize(client.serverUpdateMs);
    const create = summarize(client.serverMs);
    const own = summarize(client.clientMs);
    return [
      CLIENT_LABELS[client.client],
      ms(update.p50),
      ms(update.p99),
      ms(create.p50),
      ms(create.p99),
      ms(own.p50),
      ms(own.p99),
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
      'behaviour',
    ],
    rows,
  );
}

/** The ingest table: throughput, per-event latency, and the ratio to bare JSON.parse. */
export function ingestTable(results: BenchResults): string {
  const json = ingestRate(results, 'json');
  const rows = results.ingest.results.map((result) => {
    const events = summarize(result.eventsPerSecond);
    const megabytes = summarize(result.megabytesPerSecond);
    const latency = summarize(result.perEventMs);
    return [
      INGEST_LABELS[result.ingester],
      count(events.p50),
      megabytes.p50.toFixed(0),
      ms(latency.p50),
      ms(latency.p99),
      times(events.p50 / json),
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
      'events/s (p50 of passes)',
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
  const rows = results.scale.steps.map((step) => {
    const trips = summarize(step.roundTripMs);
    return [
      CLIENT_LABELS[step.client],
      count(step.sessions),
      kib(step.idleHeapPerSession),
      kib(step.idleRssPerSession),
      kib(step.loadedHeapPerSession),
      ms(step.loopLagP99Ms),
      ms(trips.p50),
      ms(trips.p99),
      count(trips.count),
      count(step.cpuPerRoundTripUs),
      ms(step.serverLagP99Ms),
      step.errors > 0 || step.skippedTicks > 0
        ? `${step.errors} errors, ${step.skippedTicks} calls skipped`
        : 'ok',
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
      'round trips',
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
      const each = steps
        .filter((step) => step.client === client)
        .map((step) => {
          const p99 = summarize(step.roundTripMs).p99;
          return `${count(step.sessions)}: ${ms(p99)} ms ${p99 < p99LimitMs ? '✓' : '✗'}`;
        })
        .join(', ');
      return `- ${CLIENT_LABELS[client]}: ${text} (p99 at ${each})`;
    })
    .join('\n');
}
