import type { IngestResult, PassShape } from './workloads/ingest.js';
import type { ClientRoundTrips } from './workloads/round-trip.js';
import type { ScaleStep } from './workloads/scale.js';

/** Where and how the benchmarks ran. */
export interface RunInfo {
  readonly command: string;
  readonly mode: 'full' | 'smoke';
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly node: string;
  readonly os: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  /** 1, 5 and 15-minute load averages when the run started (before it added any load of its own). */
  readonly loadAverageStart: readonly number[];
  /** The same when it ended. */
  readonly loadAverage: readonly number[];
  readonly commit: string;
  readonly versions: Readonly<Record<string, string>>;
}

/** One round-trip workload and what every client did on it. */
export interface RoundTripBench {
  readonly title: string;
  readonly description: string;
  /** Round trips per client in each run. */
  readonly rounds: number;
  readonly roundsPerSession: number;
  /** Each run's figures, one entry per client (the same order as `clients`). */
  readonly runs: readonly (readonly ClientRoundTrips[])[];
  /** All runs pooled, per client (counts of behaviour, every sample). */
  readonly clients: readonly ClientRoundTrips[];
}

/** Everything one run measured, as rendered into docs/benchmarks.md and the chart. */
export interface BenchResults {
  readonly info: RunInfo;
  /** How many times each workload ran (clients alternating); tables show the median run and the range. */
  readonly repeats: number;
  readonly toolRoundTrips: readonly RoundTripBench[];
  readonly handoff: RoundTripBench;
  /** One call per response: Switchboard without telemetry, with OpenTelemetry off (no SDK) and on. */
  readonly tracing: RoundTripBench;
  readonly ingest: {
    readonly results: readonly IngestResult[];
    readonly shape: PassShape;
    readonly copiesPerPass: number;
    readonly passes: number;
  };
  readonly scale: {
    readonly steps: readonly ScaleStep[];
    readonly intervalMs: number;
    readonly p99LimitMs: number;
  };
}
