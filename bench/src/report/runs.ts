/**
 * Figures of repeated runs: every workload runs `repeats` times, and the report gives the median run
 * with the range of the runs (a statistic per run, then the median of those, never one statistic of
 * the pooled samples).
 */
import type { ClientName } from '../clients/index.js';
import type { BenchResults, RoundTripBench } from '../results.js';
import { inRuns, type Spread, spreadOf, summarize } from '../stats.js';
import type { Ingester } from '../workloads/ingest.js';
import type { ClientRoundTrips } from '../workloads/round-trip.js';
import type { ScaleStep } from '../workloads/scale.js';

/** Which samples of a client's round trips a statistic is taken of. */
export type Samples = (client: ClientRoundTrips) => number[];

/** A percentile of one client's samples in each run: its median run and range. */
export function roundTripSpread(
  bench: RoundTripBench,
  client: ClientName,
  pick: Samples,
  stat: 'p50' | 'p99',
): Spread {
  const index = bench.clients.findIndex((candidate) => candidate.client === client);
  if (index < 0) return spreadOf([]);
  return spreadOf(
    bench.runs.map((run) => {
      const entry = run[index];
      return entry ? summarize(pick(entry))[stat] : Number.NaN;
    }),
  );
}

/** Per run, a client's CPU time per round trip (µs). */
export function cpuSpread(bench: RoundTripBench, client: ClientName): Spread {
  const index = bench.clients.findIndex((candidate) => candidate.client === client);
  return spreadOf(
    bench.runs.map((run) => {
      const entry = run[index];
      return entry ? entry.cpuMicros / bench.rounds : Number.NaN;
    }),
  );
}

/** One client at one session count, every run of it. */
export interface ScaleGroup {
  readonly client: ClientName;
  readonly sessions: number;
  readonly runs: readonly ScaleStep[];
}

/** Scale steps grouped by client and session count, in the order they first ran. */
export function scaleGroups(steps: readonly ScaleStep[]): ScaleGroup[] {
  const groups = new Map<string, { client: ClientName; sessions: number; runs: ScaleStep[] }>();
  for (const step of steps) {
    const key = `${step.client}/${step.sessions}`;
    const group = groups.get(key) ?? { client: step.client, sessions: step.sessions, runs: [] };
    group.runs.push(step);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The group of `client` at `sessions` sessions. */
export function scaleGroup(
  steps: readonly ScaleStep[],
  client: ClientName,
  sessions: number,
): ScaleGroup | undefined {
  return scaleGroups(steps).find((group) => group.client === client && group.sessions === sessions);
}

/** A figure of each run of a scale group: its median run and range. */
export function stepSpread(group: ScaleGroup | undefined, figure: (step: ScaleStep) => number): Spread {
  return spreadOf(group ? group.runs.map(figure) : []);
}

/** Round-trip p99 of one scale step (ms). */
export function stepP99(step: ScaleStep): number {
  return summarize(step.roundTripMs).p99;
}

/** Events per second of an ingester: the median pass of each run, then their median and range. */
export function ingestSpread(results: BenchResults, ingester: Ingester): Spread {
  const result = results.ingest.results.find((candidate) => candidate.ingester === ingester);
  if (!result) return spreadOf([]);
  return spreadOf(inRuns(result.eventsPerSecond, results.repeats).map((run) => summarize(run).p50));
}

/** The run of a scale group whose round-trip p99 is the median one (the run the notes describe). */
export function medianRun(group: ScaleGroup | undefined): ScaleStep | undefined {
  if (!group) return undefined;
  const sorted = [...group.runs].sort((a, b) => stepP99(a) - stepP99(b));
  return sorted[Math.ceil(sorted.length / 2) - 1];
}
