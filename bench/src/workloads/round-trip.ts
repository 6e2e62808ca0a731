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
    options.clients.map((client) => [
      client,
      {
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
      },
    ]),
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
