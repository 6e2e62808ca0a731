import {
  type Agent,
  defineAgent,
  defineSwarm,
  handoff,
  RealtimeSession,
  type RealtimeSessionOptions,
  type SessionTelemetry,
  tool,
} from '@switchboard/core';
import { websocketTransport } from '@switchboard/transport-websocket';
import { z } from 'zod';
import { openProbedSocket, Probe, ProbedWebSocket, withProbe } from './probe.js';
import {
  AGENT_NAMES,
  type AgentSetup,
  type BenchContext,
  type BenchSession,
  type ClientName,
  type Dialer,
  INSTRUCTIONS,
  NOOP_TOOL,
} from './types.js';

// Defined once and shared by every session, as an app does.
const noop = tool({
  name: NOOP_TOOL.name,
  description: NOOP_TOOL.description,
  parameters: z.object({ id: z.number() }),
  execute: (_args, ctx: { context: BenchContext }) => {
    ctx.context.counter.runs += 1;
    return NOOP_TOOL.result;
  },
});
const assistant = defineAgent<BenchContext>({
  name: AGENT_NAMES.single,
  instructions: INSTRUCTIONS,
  tools: [noop],
});
const alpha: Agent<BenchContext> = defineAgent<BenchContext>({
  name: AGENT_NAMES.first,
  instructions: INSTRUCTIONS,
  tools: [noop],
  handoffs: [handoff(() => beta)],
});
const beta: Agent<BenchContext> = defineAgent<BenchContext>({
  name: AGENT_NAMES.second,
  instructions: INSTRUCTIONS,
  tools: [noop],
  handoffs: [handoff(() => alpha)],
});

/**
 * A Switchboard session over its WebSocket transport (GA dialect) with the benchmark agents: the
 * `noop` tool, or two agents that hand off to each other. Nothing else is configured.
 *
 * @example
 * ```ts
 * const session = switchboardSession(`${server.url}?workload=tool&rounds=10&label=ours`, 'tool');
 * await session.connect();
 * ```
 */
export function switchboardSession(url: string, setup: AgentSetup, dial?: Dialer): BenchSession {
  return observedSwitchboardSession('ours', undefined, url, setup, dial);
}

/** {@link switchboardSession} with a session `telemetry` (the tracing benchmark), reported as `name`. */
export function observedSwitchboardSession(
  name: ClientName,
  telemetry: SessionTelemetry | undefined,
  url: string,
  setup: AgentSetup,
  dial?: Dialer,
): BenchSession {
  const probe = new Probe();
  const context: BenchContext = { counter: { runs: 0 } };
  const transport = websocketTransport({ dialect: 'ga', url, WebSocket: ProbedWebSocket });
  const options: RealtimeSessionOptions<BenchContext> =
    setup === 'tool'
      ? { transport, agent: assistant, context, telemetry }
      : {
          transport,
          swarm: defineSwarm<BenchContext>({ agents: [alpha, beta], start: alpha, context }),
          telemetry,
        };
  const session = new RealtimeSession<BenchContext>(options);
  const errors: unknown[] = [];
  session.errors$.subscribe((error) => errors.push(error));
  return {
    name,
    probe,
    errors,
    toolRuns: () => context.counter.runs,
    connect: () => withProbe(probe, dial ?? openProbedSocket, () => session.connect()),
    close: () => session.close(),
  };
}
