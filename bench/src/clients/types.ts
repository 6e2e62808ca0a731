import type { Probe } from './probe.js';

/**
 * The clients a benchmark can run: Switchboard, the peer framework, and a bare `ws` loop as the
 * floor; and Switchboard with OpenTelemetry, without an SDK (tracing off) and with one (tracing on).
 */
export type ClientName = 'ours' | 'peer' | 'bare' | 'ours-tracing-off' | 'ours-tracing-on';

/** What the client's agents look like: one agent with the `noop` tool, or two agents handing off to each other. */
export type AgentSetup = 'tool' | 'handoff';

/** One benchmark session of any client, connected to the benchmark model (or to local-realtime). */
export interface BenchSession {
  readonly name: ClientName;
  readonly probe: Probe;
  /** Errors the framework reported (a clean run has none). */
  readonly errors: unknown[];
  /** How many times the `noop` tool ran. */
  readonly toolRuns: () => number;
  connect(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the socket a session talks through: by default a probed `ws` socket; the ingest benchmark
 * passes one that returns a `FakeSocket`.
 */
export type Dialer = (
  probe: Probe,
  url: string,
  protocols: string[] | undefined,
  headers: Record<string, string> | undefined,
) => object;

/** Makes a session of one client for a server URL (with the workload in its query). */
export type SessionFactory = (url: string, setup: AgentSetup, dial?: Dialer) => BenchSession;

/**
 * The shared context of a benchmark session: the `noop` tool counts its runs in it. The counter is
 * an object of its own because the peer spreads the context into a copy.
 */
export interface BenchContext {
  readonly counter: { runs: number };
}

/** The tool both frameworks get: same name, description, parameters and result. */
export const NOOP_TOOL = {
  name: 'noop',
  description: 'Does nothing; used to measure the cost of a tool round trip.',
  result: 'ok',
} as const;

/** Agent names both frameworks use; their handoff tools are `transfer_to_alpha` / `transfer_to_beta`. */
export const AGENT_NAMES = { single: 'assistant', first: 'alpha', second: 'beta' } as const;

/** Instructions of every benchmark agent. */
export const INSTRUCTIONS = 'You are a benchmark agent. Call the noop tool when asked.';
