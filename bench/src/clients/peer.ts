import { OpenAIRealtimeWebSocket, RealtimeAgent, RealtimeSession, tool } from '@openai/agents-realtime';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { openProbedSocket, Probe } from './probe.js';
import {
  AGENT_NAMES,
  type AgentSetup,
  type BenchContext,
  type BenchSession,
  type Dialer,
  INSTRUCTIONS,
  NOOP_TOOL,
} from './types.js';

// Defined once and shared by every session, as an app does (and as for Switchboard).
const noop = tool({
  name: NOOP_TOOL.name,
  description: NOOP_TOOL.description,
  parameters: z.object({ id: z.number() }),
  execute: async (_args, runContext) => {
    const context = runContext?.context as BenchContext | undefined;
    if (context) context.counter.runs += 1;
    return NOOP_TOOL.result;
  },
});
const assistant = new RealtimeAgent<BenchContext>({
  name: AGENT_NAMES.single,
  instructions: INSTRUCTIONS,
  tools: [noop],
});
const alpha = new RealtimeAgent<BenchContext>({
  name: AGENT_NAMES.first,
  instructions: INSTRUCTIONS,
  tools: [noop],
});
const beta = new RealtimeAgent<BenchContext>({
  name: AGENT_NAMES.second,
  instructions: INSTRUCTIONS,
  tools: [noop],
  handoffs: [alpha],
});
// The peer takes agents, not thunks: close the cycle once both exist.
alpha.handoffs.push(beta);

/**
 * An `@openai/agents-realtime` session over its own WebSocket transport (`OpenAIRealtimeWebSocket`,
 * pointed at `url`) with the same agents as Switchboard's: the `noop` tool (zod parameters, same
 * result), or two agents that hand off to each other. Tracing is off and no guardrails are set, so
 * neither framework does work the other does not; the socket is the same `ws` build, probed the same way.
 *
 * @example
 * ```ts
 * const session = peerSession(`${server.url}?workload=tool&rounds=10&label=peer`, 'tool');
 * await session.connect();
 * ```
 */
export function peerSession(url: string, setup: AgentSetup, dial: Dialer = openProbedSocket): BenchSession {
  const probe = new Probe();
  const context: BenchContext = { counter: { runs: 0 } };
  const transport = new OpenAIRealtimeWebSocket({
    url,
    // Same `ws` build and options as Switchboard's socket (the peer would otherwise bring its own).
    createWebSocket: async ({ url: target, apiKey }) =>
      dial(probe, target, undefined, { Authorization: `Bearer ${apiKey}` }) as WebSocket,
  });
  const session = new RealtimeSession<BenchContext>(setup === 'tool' ? assistant : alpha, {
    transport,
    context,
    model: 'gpt-realtime',
    tracingDisabled: true,
    historyStoreAudio: false,
  });
  const errors: unknown[] = [];
  session.on('error', (error) => errors.push(error));
  return {
    name: 'peer',
    probe,
    errors,
    toolRuns: () => context.counter.runs,
    connect: () => session.connect({ apiKey: 'sk-bench-local', url }),
    close: async () => session.close(),
  };
}
