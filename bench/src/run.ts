import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { ClientName } from './clients/index.js';
import type { BenchPlan } from './plan.js';
import type { BenchResults, RoundTripBench, RunInfo } from './results.js';
import { forkModelServer } from './server/remote.js';
import { runIngest } from './workloads/ingest.js';
import { recordConversation } from './workloads/recording.js';
import { type ClientRoundTrips, poolRuns, runRepeatedRoundTrips } from './workloads/round-trip.js';
import { runScale } from './workloads/scale.js';

const ROUND_TRIP_CLIENTS: readonly ClientName[] = ['ours', 'peer', 'bare'];
const TRACING_CLIENTS: readonly ClientName[] = ['ours', 'ours-tracing-off', 'ours-tracing-on'];
/** Round trips under load must stay below this for a session count to pass. */
const SCALE_P99_LIMIT_MS = 5;

/**
 * Runs every benchmark of `plan` in this process, against one model server in a child process, and
 * returns the results for the report. `log` gets one line per step.
 *
 * @example
 * ```ts
 * const results = await runAll(SMOKE_PLAN, 'vitest run', console.log);
 * ```
 */
export async function runAll(
  plan: BenchPlan,
  command: string,
  log: (line: string) => void,
): Promise<BenchResults> {
  const started = Date.now();
  const loadAverageStart = os.loadavg();
  const { repeats } = plan;
  const server = await forkModelServer();
  try {
    const toolRoundTrips: RoundTripBench[] = [];
    for (const parallel of [1, 3]) {
      log(`tool round trip, ${parallel} call(s) per response: ${plan.tool.rounds} per client`);
      const measured = await runRepeatedRoundTrips(
        { server, clients: ROUND_TRIP_CLIENTS, setup: 'tool', parallel, ...plan.tool },
        repeats,
      );
      toolRoundTrips.push({
        title: `${parallel === 1 ? 'One call' : 'Three parallel calls'} per response`,
        description: `${plan.tool.rounds.toLocaleString('en')} round trips per client in each of ${repeats} runs, in conversations of ${plan.tool.roundsPerSession}`,
        rounds: plan.tool.rounds,
        roundsPerSession: plan.tool.roundsPerSession,
        ...measured,
      });
    }

    const { rounds, tail } = plan.longConversation;
    log(`long conversation: ${rounds} round trips in one session per client`);
    const long = await runRepeatedRoundTrips(
      {
        server,
        clients: ROUND_TRIP_CLIENTS,
        setup: 'tool',
        parallel: 1,
        rounds,
        roundsPerSession: rounds,
        warmupRounds: 0,
      },
      repeats,
    );
    const tailRuns = long.runs.map((run) => run.map((client) => lastRounds(client, tail)));
    const tails = { runs: tailRuns, clients: poolRuns(tailRuns) };
    toolRoundTrips.push({
      title: 'One call per response, late in a long conversation',
      description: `round trips ${(rounds - tail + 1).toLocaleString('en')}–${rounds.toLocaleString('en')} of one ${rounds.toLocaleString('en')}-round conversation (${(2 * rounds).toLocaleString('en')} items in history), one conversation per client in each of ${repeats} runs`,
      rounds: tail,
      roundsPerSession: rounds,
      ...tails,
    });

    log(`handoff: ${plan.handoff.rounds} per client`);
    const handoff: RoundTripBench = {
      title: 'Handoff',
      description: `${plan.handoff.rounds.toLocaleString('en')} handoffs per client (alpha ⇄ beta) in each of ${repeats} runs, in conversations of ${plan.handoff.roundsPerSession}`,
      rounds: plan.handoff.rounds,
      roundsPerSession: plan.handoff.roundsPerSession,
      ...(await runRepeatedRoundTrips(
        { server, clients: ROUND_TRIP_CLIENTS, setup: 'handoff', parallel: 1, ...plan.handoff },
        repeats,
      )),
    };

    log(`tracing off and on: ${plan.tracing.rounds} per client`);
    const tracing: RoundTripBench = {
      title: 'Tracing off and on',
      description: `${plan.tracing.rounds.toLocaleString('en')} round trips per client (one call per response) in each of ${repeats} runs, in conversations of ${plan.tracing.roundsPerSession}`,
      rounds: plan.tracing.rounds,
      roundsPerSession: plan.tracing.roundsPerSession,
      ...(await runRepeatedRoundTrips(
        { server, clients: TRACING_CLIENTS, setup: 'tool', parallel: 1, ...plan.tracing },
        repeats,
      )),
    };

    log('event ingest: recording a conversation from local-realtime');
    const recording = await recordConversation();
    const ingest = await runIngest({
      recording,
      ingesters: ['ours', 'peer', 'json'],
      ...plan.ingest,
      passes: plan.ingest.passes * repeats,
    });

    log(`scale: ${plan.scale.steps.join(', ')} sessions`);
    const steps = await runScale({ server, clients: ['ours', 'peer'], repeats, ...plan.scale });

    return {
      info: runInfo(plan, command, started, loadAverageStart),
      repeats,
      toolRoundTrips,
      handoff,
      tracing,
      ingest: { ...ingest, copiesPerPass: plan.ingest.copiesPerPass, passes: plan.ingest.passes * repeats },
      scale: { steps, intervalMs: plan.scale.intervalMs, p99LimitMs: SCALE_P99_LIMIT_MS },
    };
  } finally {
    await server.close();
  }
}

function lastRounds(client: ClientRoundTrips, tail: number): ClientRoundTrips {
  return { ...client, serverMs: client.serverMs.slice(-tail), clientMs: client.clientMs.slice(-tail) };
}

function runInfo(plan: BenchPlan, command: string, started: number, loadAverageStart: number[]): RunInfo {
  const cpus = os.cpus();
  return {
    command,
    mode: plan.mode,
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    loadAverageStart,
    loadAverage: os.loadavg(),
    commit: gitCommit(),
    versions: {
      '@openai/agents-realtime': packageVersion('@openai/agents-realtime'),
      ws: packageVersion('ws'),
      zod: packageVersion('zod'),
      rxjs: packageVersion('rxjs'),
    },
  };
}

/** The installed version of a dependency (read from its package.json, found above its entry point). */
function packageVersion(name: string): string {
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve(name));
    while (dir !== path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (existsSync(file)) {
        const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (manifest.name === name) return manifest.version ?? 'unknown';
      }
      dir = path.dirname(dir);
    }
  } catch {
    // Not resolvable from here: say so rather than fail the run.
  }
  return 'unknown';
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
