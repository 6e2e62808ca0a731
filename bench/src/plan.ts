/** Sizes of one benchmark run: the full one behind `pnpm bench`, and the seconds-long smoke run of CI. */
export interface BenchPlan {
  readonly mode: 'full' | 'smoke';
  /**
   * Runs of every workload (clients alternating within and across them); the report gives the
   * median run and the range. Sizes below are per run.
   */
  readonly repeats: number;
  readonly tool: {
    readonly rounds: number;
    readonly roundsPerSession: number;
    readonly warmupRounds: number;
  };
  /** One conversation this long per client; the last `tail` round trips are reported. */
  readonly longConversation: { readonly rounds: number; readonly tail: number };
  readonly handoff: {
    readonly rounds: number;
    readonly roundsPerSession: number;
    readonly warmupRounds: number;
  };
  /** Tool round trips with OpenTelemetry off and on, beside plain Switchboard. */
  readonly tracing: {
    readonly rounds: number;
    readonly roundsPerSession: number;
    readonly warmupRounds: number;
  };
  readonly ingest: { readonly copiesPerPass: number; readonly passes: number; readonly warmupPasses: number };
  readonly scale: {
    readonly steps: readonly number[];
    readonly durationMs: (sessions: number) => number;
    readonly intervalMs: number;
    readonly connectBatch: number;
  };
}

/**
 * The full run, three times over: per run 4,000 tool round trips per client and shape, a
 * 1,000-round conversation, 1,000 handoffs, 2,000 round trips with tracing off and on, 7 ingest
 * passes of ~6 MB, and 10 / 100 / 1,000 / 2,000 concurrent sessions. About 8 minutes on a quiet
 * 2-core machine.
 */
export const FULL_PLAN: BenchPlan = {
  mode: 'full',
  repeats: 3,
  tool: { rounds: 4_000, roundsPerSession: 100, warmupRounds: 300 },
  longConversation: { rounds: 1_000, tail: 100 },
  handoff: { rounds: 1_000, roundsPerSession: 100, warmupRounds: 200 },
  tracing: { rounds: 2_000, roundsPerSession: 100, warmupRounds: 300 },
  ingest: { copiesPerPass: 5, passes: 7, warmupPasses: 3 },
  scale: {
    steps: [10, 100, 1_000, 2_000],
    // Per run 100, 500, 4,000 and 8,000 round trips: enough for a p99 at every step.
    durationMs: (sessions) => (sessions >= 1_000 ? 4_000 : sessions >= 100 ? 5_000 : 10_000),
    intervalMs: 1_000,
    connectBatch: 50,
  },
};

/** The smoke run: every workload, every client, tiny sizes (a few seconds); CI runs it as a test. */
export const SMOKE_PLAN: BenchPlan = {
  mode: 'smoke',
  repeats: 2,
  tool: { rounds: 40, roundsPerSession: 20, warmupRounds: 5 },
  longConversation: { rounds: 40, tail: 10 },
  handoff: { rounds: 20, roundsPerSession: 10, warmupRounds: 2 },
  tracing: { rounds: 40, roundsPerSession: 20, warmupRounds: 5 },
  ingest: { copiesPerPass: 1, passes: 2, warmupPasses: 0 },
  scale: { steps: [5], durationMs: () => 1_200, intervalMs: 200, connectBatch: 5 },
};
