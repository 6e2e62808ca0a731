import { type AgentSetup, type ClientName, SESSION_FACTORIES } from '../clients/index.js';
import type { ModelServer, ServerSamples } from '../server/model-server.js';
import { workloadQuery } from '../server/workload.js';

/** How one round-trip benchmark runs. */
export interface RoundTripOptions {
  readonly server: ModelServer;
  readonly clients: readonly ClientName[];
  /** `tool`: calls to `noop`; `handoff`: a transfer between two agents each round. */
  readonly setup: AgentSetup;
  /** Function calls per response (tool setup). */
  readonly parallel: number;
  /** Measured round trips per client. */
  readonly rounds: number;
  /** Round trips per session (a conversation's length); sessions of the clients alternate. */
  readonly roundsPerSession: number;
  /** Round trips of one session per client before measuring (JIT warm-up), thrown away. */
  readonly warmupRounds: number;
}

/** Everything measured for one client. */
export interface ClientRoundTrips {
  readonly client: ClientName;
  /** Server clock: last frame of the function-call response written → `response.create` received. */
  readonly serverMs: number[];
  /** Server clock: same start → `session.update` received (handoffs). */
  readonly serverUpdateMs: number[];
  /** Client clock: `response.done` handed to the framework → `response.create` written. */
  readonly clientMs: number[];
  /** Client clock: same start → `session.update` written (handoffs). */
  readonly clientUpdateMs: number[];
  /** Times the noop tool ran (should equal rounds × parallel for the tool setup). */
  toolRuns: number;
  /** Errors the framework reported. */
  errors: number;
  /** `response.create`s sent before every output of their response (the server then answers without them). */
  earlyCreates: number;
  /** `response.create`s beyond one per response. */
  extraCreates: number;
  /** Rounds never answered (the session stalled until the timeout). */
  missing: number;
  /** CPU time (user + system) of this process during the measured sessions, connect and close included, in µs. */
  cpuMicros: number;
}

/**
 * Runs the same round-trip workload for every client against the same server. Sessions of the
 * clients alternate (ours, peer, bare, ours, …) so that machine noise and garbage collection spread
 * over all of them. No GC is forced between sessions: a forced full GC shrinks the young generation
 * and the next session would pay for regrowing it.
 *
 * @example
 * ```ts
 * const results = await runRoundTrips({ server, clients: ['ours', 'peer'], setup: 'tool', parallel: 1, rounds: 1000, roundsPerSession: 100, warmupRounds: 200 });
 * ```
 */
export async function runRoundTrips(options: RoundTripOptions): Promise<ClientRoundTrips[]> {
  const results = new Map<ClientName, ClientRoundTrips>(
    options.clients.map((client) => [client, emptyRoundTrips(client)]),
  );
  for (const client of options.clients) await runSession(options, client, options.warmupRounds, undefined);
  let done = 0;
  while (done < options.rounds) {
    const rounds = Math.min(options.roundsPerSession, options.rounds - done);
    for (const client of options.clients) await runSession(options, client, rounds, results.get(client));
    done += rounds;
  }
  return [...results.values()];
}

/** One workload run `repeats` times: each run's figures per client, and all runs pooled. */
export interface RepeatedRoundTrips {
  /** Per run, one entry per client in the order of `options.clients`. */
  readonly runs: ClientRoundTrips[][];
  /** Every run's samples and counts together, per client. */
  readonly clients: ClientRoundTrips[];
}

/**
 * {@link runRoundTrips} `repeats` times, each run starting with the next client (ours, peer, bare;
 * then peer, bare, ours; …) so that no client always runs first after the previous workload.
 *
 * @example
 * ```ts
 * const { runs, clients } = await runRepeatedRoundTrips({ server, clients: ['ours', 'peer'], setup: 'tool', parallel: 1, rounds: 1000, roundsPerSession: 100, warmupRounds: 200 }, 3);
 * ```
 */
export async function runRepeatedRoundTrips(
  options: RoundTripOptions,
  repeats: number,
): Promise<RepeatedRoundTrips> {
  const runs: ClientRoundTrips[][] = [];
  for (let run = 0; run < repeats; run++) {
    const order = options.clients.map(
      (_, i) => options.clients[(i + run) % options.clients.length] as ClientName,
    );
    const results = await runRoundTrips({ ...options, clients: order });
    runs.push(
      options.clients.map((client) => results.find((result) => result.client === client) as ClientRoundTrips),
    );
  }
  return { runs, clients: poolRuns(runs) };
}

/** Every run's samples and counts together, per client (clients in the order of the runs' entries). */
export function poolRuns(runs: readonly (readonly ClientRoundTrips[])[]): ClientRoundTrips[] {
  const first = runs[0] ?? [];
  return first.map((entry, i) =>
    runs.reduce((pooled, run) => pool(pooled, run[i] as ClientRoundTrips), emptyRoundTrips(entry.client)),
  );
}

function emptyRoundTrips(client: ClientName): ClientRoundTrips {
  return {
    client,
    serverMs: [],
    serverUpdateMs: [],
    clientMs: [],
    clientUpdateMs: [],
    toolRuns: 0,
    errors: 0,
    earlyCreates: 0,
    extraCreates: 0,
    missing: 0,
    cpuMicros: 0,
  };
}

function pool(into: ClientRoundTrips, run: ClientRoundTrips): ClientRoundTrips {
  into.serverMs.push(...run.serverMs);
  into.serverUpdateMs.push(...run.serverUpdateMs);
  into.clientMs.push(...run.clientMs);
  into.clientUpdateMs.push(...run.clientUpdateMs);
  into.toolRuns += run.toolRuns;
  into.errors += run.errors;
  into.earlyCreates += run.earlyCreates;
  into.extraCreates += run.extraCreates;
  into.missing += run.missing;
  into.cpuMicros += run.cpuMicros;
  return into;
}

let sessionNumber = 0;

async function runSession(
  options: RoundTripOptions,
  client: ClientName,
  rounds: number,
  into: ClientRoundTrips | undefined,
): Promise<void> {
  if (rounds === 0) return;
  const label = `${client}-${++sessionNumber}`;
  const query = workloadQuery({
    kind: options.setup,
    parallel: options.parallel,
    rounds,
    intervalMs: 0,
    label,
  });
  const cpu = process.cpuUsage();
  const session = SESSION_FACTORIES[client](`${options.server.url}?${query}`, options.setup);
  let server: ServerSamples;
  try {
    await session.connect();
    // The server knows when every round was answered (outputs and response.create both in).
    server = await options.server.take(label, rounds, 30_000 + rounds * 20);
  } finally {
    await session.close();
  }
  const used = process.cpuUsage(cpu);
  if (!into) return;
  into.cpuMicros += used.user + used.system;
  into.serverMs.push(...server.roundTripMs);
  into.serverUpdateMs.push(...server.sessionUpdateMs);
  into.clientMs.push(...session.probe.createMs);
  into.clientUpdateMs.push(...session.probe.updateMs);
  into.toolRuns += session.toolRuns();
  into.errors += session.errors.length;
  into.earlyCreates += server.earlyCreates;
  into.extraCreates += server.extraCreates;
  into.missing += rounds - server.roundTripMs.length;
}
