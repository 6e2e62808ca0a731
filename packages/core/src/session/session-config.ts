import { resolveInstructions } from '../definitions/agent.js';
import { mergeAudio } from '../definitions/session-overrides.js';
import type { Agent, AgentTool, Handoff } from '../definitions/shapes.js';
import type { Swarm } from '../definitions/swarm.js';
import { toSessionTool } from '../definitions/tool.js';
import { AgentConfigError } from '../errors/config-errors.js';
import type { SessionConfig } from '../protocol/index.js';

/** Options of {@link buildSessionConfig}. */
export interface BuildSessionConfigOptions {
  /**
   * Whether to send the agent's voice (default `true`). The API rejects a voice change once the
   * model has produced audio in the session, so a session may leave it out after that.
   */
  readonly includeVoice?: boolean;
}

/**
 * The GA `session` object for `session.update` while `agent` is active. Pure: the same agent and
 * context give an equal object.
 *
 * - `type: 'realtime'`; `instructions` resolved with `context` (always sent: `''` clears old ones);
 * - `audio.output.voice` from the agent's `voice`, deep-merged with the agent's `session.audio`;
 * - `tools`: the function tools, then the handoff tools (always sent: `[]` clears old ones);
 * - `tool_choice: 'auto'` unless the agent overrides it;
 * - the agent's other `session` overrides as given.
 *
 * `session.update` changes only the fields it carries: an override one agent sets (say
 * `output_modalities`) stays in force after a handoff to an agent that does not set it.
 *
 * @example
 * ```ts
 * import { type Agent, buildSessionConfig } from '@switchboard/core';
 *
 * declare const billing: Agent<{ customerId: string }>;
 * buildSessionConfig(billing, { customerId: 'C-42' });
 * // {
 * //   type: 'realtime',
 * //   instructions: 'You handle billing for customer C-42.',
 * //   audio: { output: { voice: 'marin' } },
 * //   tools: [
 * //     { type: 'function', name: 'lookup_invoice', description: '…', parameters: { type: 'object', … } },
 * //     { type: 'function', name: 'transfer_to_triage', description: '…', parameters: { type: 'object', … } },
 * //   ],
 * //   tool_choice: 'auto',
 * // }
 * ```
 */
export function buildSessionConfig<Ctx>(
  agent: Agent<Ctx>,
  context: Ctx,
  options: BuildSessionConfigOptions = {},
): SessionConfig {
  const { audio: audioOverrides, tool_choice, ...overrides } = agent.session ?? {};
  const voice = options.includeVoice === false ? undefined : agent.voice;
  const audio = mergeAudio(voice === undefined ? undefined : { output: { voice } }, audioOverrides);
  return {
    type: 'realtime',
    ...overrides,
    instructions: resolveInstructions(agent, context),
    ...(audio && Object.keys(audio).length > 0 ? { audio } : {}),
    tools: uniqueTools(agent).map(toSessionTool),
    tool_choice: tool_choice ?? 'auto',
  };
}

/** Tool lookups per agent, built on first use (handoff names may only resolve once every agent exists). */
const toolIndex = new WeakMap<Agent<never>, ReadonlyMap<string, AgentTool<never>>>();

function indexOf<Ctx>(agent: Agent<Ctx>): ReadonlyMap<string, AgentTool<Ctx>> {
  let index = toolIndex.get(agent as Agent<never>) as ReadonlyMap<string, AgentTool<Ctx>> | undefined;
  if (!index) {
    const entries = new Map<string, AgentTool<Ctx>>();
    // First of a name wins, as in the order sent to the model; defineSwarm rejects duplicates anyway.
    for (const tool of agentTools(agent)) if (!entries.has(tool.name)) entries.set(tool.name, tool);
    index = entries;
    toolIndex.set(agent as Agent<never>, index as ReadonlyMap<string, AgentTool<never>>);
  }
  return index;
}

/**
 * The agent's tools, checked: two of one name (possible only through a handoff thunk, which
 * `defineAgent` cannot resolve) throw an {@link AgentConfigError} instead of reaching the API.
 */
function uniqueTools<Ctx>(agent: Agent<Ctx>): readonly AgentTool<Ctx>[] {
  const tools = agentTools(agent);
  const seen = new Set<string>();
  for (const tool of tools) {
    if (seen.has(tool.name)) {
      throw new AgentConfigError(
        'duplicate_tool_name',
        agent.name,
        'handoffs',
        tool.name,
        'gives two tools the same name',
      );
    }
    seen.add(tool.name);
  }
  return tools;
}

/** The agent's tools as sent to the model: function tools first, then handoffs. */
function agentTools<Ctx>(agent: Agent<Ctx>): readonly AgentTool<Ctx>[] {
  return [...agent.tools, ...agent.handoffs];
}

/**
 * The agent's tool (function or handoff) called `name`, for the dispatcher; `kind` tells which.
 */
export function findTool<Ctx>(agent: Agent<Ctx>, name: string): AgentTool<Ctx> | undefined {
  return indexOf(agent).get(name);
}

/**
 * The names of the agent's tools, handoffs included, in the order sent to the model.
 */
export function agentToolNames<Ctx>(agent: Agent<Ctx>): readonly string[] {
  return [...indexOf(agent).keys()];
}

/**
 * The agent a handoff leads to: the swarm's member of that handoff tool name when a swarm is
 * given (so the session always switches to the very agent the swarm checked), else the handoff's target.
 */
export function resolveHandoffTarget<Ctx>(handoff: Handoff<Ctx>, swarm?: Swarm<Ctx>): Agent<Ctx> {
  return swarm?.handoffTarget(handoff.name) ?? handoff.target();
}
