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
  readonly loadAverage: readonly number[];
  readonly commit: string;
  readonly versions: Readonly<Record<string, string>>;
}

/** One round-trip workload and what every client did on it. */
export interface RoundTripBench {
  readonly title: string;
  readonly description: string;
  readonly rounds: number;
  readonly roundsPerSession: number;
  readonly clients: readonly ClientRoundTrips[];
}

/** Everything one run measured, as rendered into docs/benchmarks.md and the chart. */
export interface BenchResults {
  readonly info: RunInfo;
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
