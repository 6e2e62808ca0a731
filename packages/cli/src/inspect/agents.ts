import { HANDOFF_TOOL_PREFIX, handoffToolName } from '@switchboard/core/protocol';
import type { AgentSpan, HandoffMark } from './call.js';
import type { ObservedEvent } from './observe.js';

/** Name of an agent the recording never names (the wire carries no agent names, only tools). */
export const UNNAMED_AGENT = 'Agent';

/** Which agent was active when, and the moments the swarm switched. */
export interface AgentTimeline {
  readonly agents: readonly AgentSpan[];
  readonly handoffs: readonly HandoffMark[];
  /** The agent active at time `t`. */
  agentAt(t: number): string;
}

interface Segment {
  readonly tools: readonly string[];
  readonly start: number;
  readonly event: number;
  /** Set when a handoff output named the agent this segment switched to. */
  handoff?: { readonly callId: string; readonly name: string };
}

/**
 * Follows the active agent through the client's `session.update`s. An agent is known on the wire by
 * its tool set; its name appears only in a handoff's output (`{"transferred_to":"Billing"}`, sent
 * right after the `session.update` that switched the session). Once a tool set is named, every span
 * with that tool set gets the name, the start agent too when the caller is handed back to it; an
 * agent never handed to is named by elimination when the handoff tools allow it.
 */
export function followAgents(events: readonly ObservedEvent[], durationMs: number): AgentTimeline {
  const segments: Segment[] = [];
  const transferCalls = new Set<string>();
  const names = new Map<string, string>();
  for (const observed of events) {
    const { server, client } = observed;
    if (server?.type === 'response.function_call_arguments.done' && isTransfer(server.name)) {
      transferCalls.add(server.call_id);
    } else if (
      (server?.type === 'response.output_item.added' || server?.type === 'response.output_item.done') &&
      server.item.type === 'function_call' &&
      server.item.call_id &&
      isTransfer(server.item.name)
    ) {
      transferCalls.add(server.item.call_id);
    } else if (
      client?.type === 'session.update' &&
      client.session.type === 'realtime' &&
      client.session.tools
    ) {
      const tools = client.session.tools
        .map((tool) => (tool.type === 'function' ? tool.name : tool.server_label))
        .sort();
      const current = segments.at(-1);
      if (!current || key(current.tools) !== key(tools)) {
        segments.push({ tools, start: observed.t, event: observed.index });
      }
    } else if (
      client?.type === 'conversation.item.create' &&
      client.item.type === 'function_call_output' &&
      transferCalls.has(client.item.call_id)
    ) {
      const to = transferredTo(client.item.output);
      const current = segments.at(-1);
      // The switch is the session.update sent just before this output (the session's wire order).
      if (to && current && segments.length > 1 && !current.handoff) {
        current.handoff = { callId: client.item.call_id, name: to };
        names.set(key(current.tools), to);
      }
    }
  }

  nameByElimination(segments, names);
  const nameOf = (segment: Segment) =>
    segment.handoff?.name ?? names.get(key(segment.tools)) ?? UNNAMED_AGENT;
  const agents: AgentSpan[] = segments.map((segment, i) => ({
    name: nameOf(segment),
    tools: segment.tools,
    start: segment.start,
    end: segments[i + 1]?.start ?? durationMs,
    event: segment.event,
  }));
  const handoffs: HandoffMark[] = segments.slice(1).map((segment, i) => ({
    kind: segment.handoff ? 'handoff' : 'switch',
    t: segment.start,
    from: agents[i]?.name ?? UNNAMED_AGENT,
    to: nameOf(segment),
    ...(segment.handoff ? { callId: segment.handoff.callId } : {}),
    event: segment.event,
  }));
  return {
    agents,
    handoffs,
    agentAt(t) {
      let name = agents[0]?.name ?? UNNAMED_AGENT;
      for (const agent of agents) {
        if (agent.start > t) break;
        name = agent.name;
      }
      return name;
    },
  };
}

/**
 * Names agents the handoff outputs never named (the start agent, when nobody hands back to it): the
 * other agents' `transfer_to_<name>` tools list every agent that can be handed to; an agent's own
 * tools never include itself. When exactly one such name is neither taken nor among the agent's own
 * targets, it is that agent's (`transfer_to_tech_support` → `Tech support`).
 */
function nameByElimination(segments: readonly Segment[], names: Map<string, string>): void {
  const targets = (tools: readonly string[]) =>
    tools.filter(isTransfer).map((name) => name.slice(HANDOFF_TOOL_PREFIX.length));
  const everyTarget = new Set(segments.flatMap((segment) => targets(segment.tools)));
  for (let changed = true; changed; ) {
    changed = false;
    const taken = new Set(
      [...names.values()].map((name) => handoffToolName(name).slice(HANDOFF_TOOL_PREFIX.length)),
    );
    for (const segment of segments) {
      if (names.has(key(segment.tools))) continue;
      const own = new Set(targets(segment.tools));
      const candidates = [...everyTarget].filter((name) => !taken.has(name) && !own.has(name));
      if (candidates.length !== 1) continue;
      const snake = candidates[0] as string;
      names.set(key(segment.tools), `${snake.charAt(0).toUpperCase()}${snake.slice(1).replace(/_/g, ' ')}`);
      changed = true;
      break;
    }
  }
}

function isTransfer(name: string | undefined): boolean {
  return name?.startsWith(HANDOFF_TOOL_PREFIX) === true;
}

function key(tools: readonly string[]): string {
  return tools.join('\n');
}

/** The target a handoff output names (`{"transferred_to":"Billing"}`), if it is one. */
function transferredTo(output: string): string | undefined {
  try {
    const value: unknown = JSON.parse(output);
    const name = (value as { transferred_to?: unknown } | null)?.transferred_to;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}
