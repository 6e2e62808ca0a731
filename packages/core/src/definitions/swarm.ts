import { HandoffResolutionError, SwarmConfigError, UnknownAgentError } from '../errors/config-errors.js';
import { type Agent, isAgent } from './shapes.js';

/** The options of {@link defineSwarm}. The context's type is the swarm's `Ctx`. */
export interface SwarmOptions<Ctx> {
  /** Every agent the conversation can reach; names must be unique. */
  readonly agents: readonly NoInfer<Agent<Ctx>>[];
  /** The agent that takes the call first; one of `agents`. */
  readonly start: NoInfer<Agent<Ctx>>;
  /** Shared state every agent's instructions and tools see (the same object, not a copy). */
  readonly context: Ctx;
}

/**
 * A checked set of agents: every handoff points to an agent of the swarm, names are unique,
 * and each agent's tool names are unique. Made by {@link defineSwarm}.
 */
export interface Swarm<Ctx = unknown> {
  readonly kind: 'swarm';
  /** The agents, in the order given. */
  readonly agents: readonly Agent<Ctx>[];
  /** The agent that takes the call first. */
  readonly start: Agent<Ctx>;
  /** The shared context. */
  readonly context: Ctx;
  /** The agent called `name`; throws {@link UnknownAgentError} when there is none. */
  agent(name: string): Agent<Ctx>;
  /** True when the swarm has an agent called `name`. */
  has(name: string): boolean;
  /** The agent a handoff tool (`transfer_to_…`) of this swarm leads to, or `undefined`. */
  handoffTarget(toolName: string): Agent<Ctx> | undefined;
}

/**
 * Builds a swarm and checks its handoff graph at once. Throws a {@link SwarmConfigError} (with
 * `code`, `agentName`, `toolName`, `targetName`) for: no agents, duplicate agent names, two agents
 * whose handoff tools would share a name, duplicate tool names inside one agent (handoff tools
 * included), a handoff whose target cannot be resolved or is not in the swarm, and a start agent
 * not in the swarm. Membership is by identity: the very agent objects listed in `agents`.
 *
 * @example
 * ```ts
 * import { type Agent, defineSwarm } from '@switchboard/core';
 *
 * type Ctx = { customerId: string; notes: string[] };
 * declare const triage: Agent<Ctx>, billing: Agent<Ctx>, techSupport: Agent<Ctx>;
 * const swarm = defineSwarm({
 *   agents: [triage, billing, techSupport],
 *   start: triage,
 *   context: { customerId: 'C-42', notes: [] as string[] },
 * });
 * swarm.agent('Billing'); // billing
 * swarm.handoffTarget('transfer_to_tech_support'); // techSupport
 * ```
 */
export function defineSwarm<Ctx>(options: SwarmOptions<Ctx>): Swarm<Ctx> {
  const { agents, start, context } = options;
  if (!Array.isArray(agents) || agents.length === 0) {
    throw new SwarmConfigError('no_agents', 'A swarm needs at least one agent in `agents`.');
  }
  const byName = new Map<string, Agent<Ctx>>();
  const byToolName = new Map<string, Agent<Ctx>>();
  for (const agent of agents) {
    if (!isAgent(agent))
      throw new SwarmConfigError('not_an_agent', 'Every entry of `agents` must be made with defineAgent().');
    if (byName.has(agent.name)) {
      throw new SwarmConfigError(
        'duplicate_agent_name',
        `Two agents in the swarm are named "${agent.name}"; agent names must be unique.`,
        {
          agentName: agent.name,
        },
      );
    }
    const twin = byToolName.get(agent.handoffToolName);
    if (twin) {
      throw new SwarmConfigError(
        'handoff_name_conflict',
        `Agents "${twin.name}" and "${agent.name}" both get the handoff tool "${agent.handoffToolName}"; rename one of them.`,
        { agentName: agent.name, targetName: twin.name, toolName: agent.handoffToolName },
      );
    }
    byName.set(agent.name, agent);
    byToolName.set(agent.handoffToolName, agent);
  }
  if (!isAgent(start) || byName.get(start.name) !== start) {
    const startName = isAgent(start) ? start.name : String(start);
    throw new SwarmConfigError(
      'start_outside_swarm',
      `The start agent "${startName}" is not one of the swarm's agents${sameNameHint(byName, startName)}.`,
      {
        agentName: startName,
      },
    );
  }
  for (const agent of agents) checkAgentTools(agent, byName);

  const names = [...byName.keys()];
  return Object.freeze({
    kind: 'swarm',
    agents: Object.freeze([...agents]),
    start,
    context,
    agent(name: string): Agent<Ctx> {
      const found = byName.get(name);
      if (!found) throw new UnknownAgentError(name, names);
      return found;
    },
    has: (name: string) => byName.has(name),
    handoffTarget: (toolName: string) => byToolName.get(toolName),
  });
}

/** Every handoff of `agent` resolves to a swarm member, and its tool names (handoffs included) are unique. */
function checkAgentTools<Ctx>(agent: Agent<Ctx>, byName: ReadonlyMap<string, Agent<Ctx>>): void {
  const toolNames = new Set<string>();
  const claim = (toolName: string) => {
    if (toolNames.has(toolName)) {
      throw new SwarmConfigError(
        'duplicate_tool_name',
        `Agent "${agent.name}" has two tools named "${toolName}"; tool names must be unique per agent.`,
        {
          agentName: agent.name,
          toolName,
        },
      );
    }
    toolNames.add(toolName);
  };
  for (const tool of agent.tools) claim(tool.name);
  agent.handoffs.forEach((handoff, index) => {
    let target: Agent<Ctx>;
    try {
      target = handoff.target();
    } catch (error) {
      if (!(error instanceof HandoffResolutionError)) throw error;
      throw new SwarmConfigError(
        'unresolved_handoff',
        `Agent "${agent.name}", handoffs[${index}]: ${error.message}`,
        { agentName: agent.name },
        { cause: error },
      );
    }
    if (byName.get(target.name) !== target) {
      throw new SwarmConfigError(
        'handoff_outside_swarm',
        `Agent "${agent.name}" hands off to "${target.name}" (tool "${handoff.name}"), which is not in the swarm${sameNameHint(byName, target.name)}; add it to \`agents\`.`,
        { agentName: agent.name, toolName: handoff.name, targetName: target.name },
      );
    }
    claim(handoff.name);
  });
}

/** When an agent of that name exists, the mismatch is a second object: say so, it is hard to spot. */
function sameNameHint(byName: ReadonlyMap<string, unknown>, name: string): string {
  return byName.has(name)
    ? ` (the swarm has a different agent object with that name: define each agent once and reuse it)`
    : '';
}
