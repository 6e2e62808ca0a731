import { AgentConfigError } from '../errors/config-errors.js';
import { InstructionsError } from '../errors/session-errors.js';
import type { Voice } from '../protocol/index.js';
import { handoffToolName, TOOL_NAME_PATTERN, toSnakeCase } from '../protocol/tool-names.js';
import { type AgentGuardrails, guardrailsProblem } from './guardrail.js';
import { handoff } from './handoff.js';
import { eagerHandoffName } from './handoff-names.js';
import { type AgentSessionOverrides, checkSessionOverrides } from './session-overrides.js';
import {
  type Agent,
  type FunctionTool,
  type Handoff,
  type InstructionsFunction,
  isAgent,
  isFunctionTool,
  isHandoff,
} from './shapes.js';
import { FILLER_DELAY_EXPECTED, isFillerDelay } from './timeouts.js';

/** The options of {@link defineAgent}. */
export interface AgentOptions<Ctx> {
  /** Shown to people and used for the handoff tool: 'Tech Support' → `transfer_to_tech_support`. */
  readonly name: string;
  /** The system instructions, or a function of the shared context returning them. */
  readonly instructions: string | InstructionsFunction<Ctx>;
  /** The default description of handoffs to this agent (what the other agents' models read). */
  readonly handoffDescription?: string;
  /** The output voice. The API cannot change it once the model has spoken in a session. */
  readonly voice?: Voice;
  /** Function tools made with `tool()`. */
  readonly tools?: readonly FunctionTool<Ctx>[];
  /** Agents this one can transfer to: `handoff(...)`, or a plain agent as shorthand for `handoff(agent)`. */
  readonly handoffs?: readonly (Agent<Ctx> | Handoff<Ctx>)[];
  /** Session settings for while this agent is active (modalities, turn detection, tool_choice, audio …). */
  readonly session?: AgentSessionOverrides;
  /**
   * How long this agent's tools may run before the caller hears a filler (see the session's
   * `filler` option); `false`: never. A tool's own `fillerAfterMs` wins; default: the session's.
   */
  readonly fillerAfterMs?: number | false;
  /**
   * Checks over what the user and the model say while this agent is active, run with the session's
   * own (see the session's `guardrails` option); its `safeLine` replaces the session's.
   */
  readonly guardrails?: AgentGuardrails<Ctx>;
}

/**
 * Defines an agent: a name, instructions (a string or a function of the shared context), an
 * optional voice, function tools, handoffs and per-agent session settings. Throws an
 * {@link AgentConfigError} for a name that gives no valid `transfer_to_…` tool, options of the
 * wrong type, or two function tools with the same name.
 *
 * @example
 * ```ts
 * import { type Agent, defineAgent, type FunctionTool, handoff } from '@switchboard/core';
 *
 * interface Ctx { customerId: string }
 * declare const lookupInvoice: FunctionTool<Ctx>;
 * declare const triage: Agent<Ctx>;
 * const billing: Agent<Ctx> = defineAgent<Ctx>({
 *   name: 'Billing',
 *   instructions: (ctx) => `You handle billing for customer ${ctx.customerId}.`,
 *   voice: 'marin',
 *   tools: [lookupInvoice],
 *   handoffs: [handoff(() => triage)],
 *   session: { audio: { input: { turn_detection: { type: 'semantic_vad' } } } },
 * });
 * ```
 */
export function defineAgent<Ctx = unknown>(options: AgentOptions<Ctx>): Agent<Ctx> {
  const name = checkName(options.name);
  const fail = (field: string, value: unknown, detail: string) =>
    new AgentConfigError('invalid_agent_option', name, field, value, detail);
  const { instructions, handoffDescription, voice, session, fillerAfterMs, guardrails } = options;
  if (typeof instructions !== 'string' && typeof instructions !== 'function') {
    throw fail('instructions', instructions, 'must be a string or a function of the context');
  }
  if (handoffDescription !== undefined && typeof handoffDescription !== 'string') {
    throw fail('handoffDescription', handoffDescription, 'must be a string');
  }
  if (voice !== undefined && (typeof voice !== 'string' || voice === ''))
    throw fail('voice', voice, 'must be a voice name');
  if (fillerAfterMs !== undefined && !isFillerDelay(fillerAfterMs))
    throw fail('fillerAfterMs', fillerAfterMs, `must be ${FILLER_DELAY_EXPECTED}`);
  const problem = checkSessionOverrides(session) ?? guardrailsProblem(guardrails, 'guardrails');
  if (problem) throw fail(problem.field, problem.value, problem.detail);

  return Object.freeze({
    kind: 'agent',
    name,
    handoffToolName: handoffToolName(name),
    handoffDescription,
    instructions,
    voice,
    ...checkToolNames(name, checkTools(name, options.tools), checkHandoffs(name, options.handoffs)),
    session,
    fillerAfterMs,
    guardrails,
  });
}

/**
 * Two tools the model would see under one name (a function tool named like a handoff, or two
 * handoffs to one agent) are refused. Handoffs to a thunk target are checked when their names
 * resolve (`defineSwarm`, or the session's first `session.update` for the agent).
 */
function checkToolNames<Ctx>(
  agent: string,
  tools: readonly FunctionTool<Ctx>[],
  handoffs: readonly Handoff<Ctx>[],
): { readonly tools: readonly FunctionTool<Ctx>[]; readonly handoffs: readonly Handoff<Ctx>[] } {
  const names = new Set(tools.map((item) => item.name));
  handoffs.forEach((item, index) => {
    const name = eagerHandoffName(item);
    if (name === undefined) return;
    if (names.has(name)) {
      throw new AgentConfigError(
        'duplicate_tool_name',
        agent,
        `handoffs[${index}].name`,
        name,
        'repeats the name of another tool or handoff',
      );
    }
    names.add(name);
  });
  return { tools, handoffs };
}

/**
 * The agent's instructions for `context`: the string, or what its function returns. Throws an
 * {@link InstructionsError} when the function throws, an {@link AgentConfigError} when it returns
 * something other than a string.
 */
export function resolveInstructions<Ctx>(agent: Agent<Ctx>, context: Ctx): string {
  const { instructions } = agent;
  if (typeof instructions === 'string') return instructions;
  let text: unknown;
  try {
    text = instructions(context, agent);
  } catch (cause) {
    throw new InstructionsError(agent.name, cause);
  }
  if (typeof text !== 'string') {
    throw new AgentConfigError(
      'invalid_agent_option',
      agent.name,
      'instructions',
      text,
      'must return a string (async instructions are not supported)',
    );
  }
  return text;
}

function checkName(name: unknown): string {
  const invalid = (detail: string) =>
    new AgentConfigError('invalid_agent_name', undefined, 'name', name, detail);
  if (typeof name !== 'string' || name.trim() === '') throw invalid('must be a non-empty string');
  if (toSnakeCase(name) === '')
    throw invalid('must contain a letter or digit (it names the transfer_to_… tool)');
  const toolName = handoffToolName(name);
  if (!TOOL_NAME_PATTERN.test(toolName)) {
    throw invalid(
      `gives the handoff tool name "${toolName}" of ${toolName.length} characters; the API allows 64`,
    );
  }
  return name;
}

function checkTools<Ctx>(
  agent: string,
  tools: readonly FunctionTool<Ctx>[] | undefined,
): readonly FunctionTool<Ctx>[] {
  if (tools === undefined) return Object.freeze([]);
  if (!Array.isArray(tools))
    throw new AgentConfigError('invalid_agent_option', agent, 'tools', tools, 'must be an array of tool()s');
  const seen = new Set<string>();
  tools.forEach((item: unknown, index) => {
    if (isHandoff(item)) {
      throw new AgentConfigError(
        'invalid_agent_option',
        agent,
        `tools[${index}]`,
        item,
        'is a handoff: put it in `handoffs`',
      );
    }
    if (!isFunctionTool(item))
      throw new AgentConfigError(
        'invalid_agent_option',
        agent,
        `tools[${index}]`,
        item,
        'must be made with tool()',
      );
    if (seen.has(item.name)) {
      throw new AgentConfigError(
        'duplicate_tool_name',
        agent,
        `tools[${index}].name`,
        item.name,
        'repeats the name of another tool',
      );
    }
    seen.add(item.name);
  });
  return Object.freeze([...tools]);
}

function checkHandoffs<Ctx>(agent: string, handoffs: AgentOptions<Ctx>['handoffs']): readonly Handoff<Ctx>[] {
  if (handoffs === undefined) return Object.freeze([]);
  if (!Array.isArray(handoffs)) {
    throw new AgentConfigError(
      'invalid_agent_option',
      agent,
      'handoffs',
      handoffs,
      'must be an array of agents or handoff()s',
    );
  }
  return Object.freeze(
    handoffs.map((item: unknown, index): Handoff<Ctx> => {
      if (isHandoff(item)) return item as Handoff<Ctx>;
      if (isAgent(item)) return handoff(item as Agent<Ctx>);
      const hint = typeof item === 'function' ? ' (wrap a function in handoff(() => agent))' : '';
      throw new AgentConfigError(
        'invalid_agent_option',
        agent,
        `handoffs[${index}]`,
        item,
        `must be an agent or a handoff()${hint}`,
      );
    }),
  );
}
