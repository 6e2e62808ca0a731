import { TOOL_NAME_PATTERN } from '../definitions/names.js';
import { formatValue } from './format-value.js';

/** Why a swarm was refused by `defineSwarm`. */
export type SwarmConfigErrorCode =
  | 'no_agents'
  | 'not_an_agent'
  | 'duplicate_agent_name'
  | 'duplicate_tool_name'
  | 'handoff_name_conflict'
  | 'handoff_outside_swarm'
  | 'unresolved_handoff'
  | 'start_outside_swarm';

/** Every way a tool, agent, handoff or swarm definition can be refused. */
export type ConfigErrorCode =
  | 'invalid_tool_name'
  | 'invalid_tool_option'
  | 'invalid_agent_name'
  | 'invalid_agent_option'
  | 'invalid_session_option'
  | SwarmConfigErrorCode;

/**
 * Base of the errors thrown while defining tools, agents, handoffs and swarms (never at call time).
 * `code` is stable for programs; `message` names the offending field and value for people.
 *
 * @example
 * ```ts
 * try {
 *   defineSwarm({ agents: [triage], start: billing, context: {} });
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(error.code, error.message);
 * }
 * ```
 */
export abstract class ConfigError extends Error {
  abstract readonly code: ConfigErrorCode;
}

/**
 * A tool name the Realtime API would reject (it must match `^[a-zA-Z0-9_-]{1,64}$`).
 *
 * @example
 * ```ts
 * tool({ name: 'get weather', ... }); // InvalidToolNameError: field "name", value "get weather"
 * ```
 */
export class InvalidToolNameError extends ConfigError {
  override readonly name = 'InvalidToolNameError';
  readonly code = 'invalid_tool_name';
  constructor(
    /** Where the name came from, e.g. `name`. */
    readonly field: string,
    /** The rejected value as given. */
    readonly value: unknown,
  ) {
    super(
      `Invalid tool name ${formatValue(value)} in field "${field}": ${nameProblem(value)}. Tool names must match ${TOOL_NAME_PATTERN}.`,
    );
  }
}

/**
 * A tool option of the wrong type or range (`timeoutMs`, `parameters`, `execute`, …).
 *
 * @example
 * ```ts
 * tool({ ..., timeoutMs: 0 }); // ToolConfigError: tool "get_weather", field "timeoutMs", value 0
 * ```
 */
export class ToolConfigError extends ConfigError {
  override readonly name = 'ToolConfigError';
  readonly code = 'invalid_tool_option';
  constructor(
    readonly toolName: string,
    readonly field: string,
    readonly value: unknown,
    /** What was expected, in words. */
    readonly expected: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Invalid option "${field}" of tool "${toolName}": expected ${expected}, got ${formatValue(value)}.`,
      options,
    );
  }
}

/**
 * A `RealtimeSession` option of the wrong type or range, refused by the constructor.
 *
 * @example
 * ```ts
 * new RealtimeSession({ agent, context, transport, toolTimeoutMs: 0 }); // SessionOptionError: option "toolTimeoutMs", value 0
 * ```
 */
export class SessionOptionError extends ConfigError {
  override readonly name = 'SessionOptionError';
  readonly code = 'invalid_session_option';
  constructor(
    readonly option: string,
    readonly value: unknown,
    /** What was expected, in words. */
    readonly expected: string,
  ) {
    super(`Invalid session option "${option}": expected ${expected}, got ${formatValue(value)}.`);
  }
}

/**
 * An agent definition that cannot work: a name that gives no valid `transfer_to_…` tool, an option
 * of the wrong type, or two function tools with the same name.
 *
 * @example
 * ```ts
 * defineAgent({ name: '  ', instructions: '' }); // AgentConfigError, code 'invalid_agent_name'
 * ```
 */
export class AgentConfigError extends ConfigError {
  override readonly name = 'AgentConfigError';
  constructor(
    readonly code: 'invalid_agent_name' | 'invalid_agent_option' | 'duplicate_tool_name',
    /** The agent's name, when it has a usable one. */
    readonly agentName: string | undefined,
    readonly field: string,
    readonly value: unknown,
    detail: string,
  ) {
    const subject = agentName === undefined ? 'an agent' : `agent "${agentName}"`;
    super(`Invalid ${subject}: field "${field}" ${detail} (got ${formatValue(value)}).`);
  }
}

/**
 * A handoff whose target could not be resolved: its thunk threw (typically it read a `const`
 * agent before its declaration ran) or returned something that is not an agent.
 *
 * @example
 * ```ts
 * handoff(() => notYetDefined).name; // HandoffResolutionError (cause: the ReferenceError)
 * ```
 */
export class HandoffResolutionError extends Error {
  override readonly name = 'HandoffResolutionError';
  readonly code = 'unresolved_handoff';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`Could not resolve a handoff target: ${detail}.`, options);
  }
}

/** The names involved in a {@link SwarmConfigError}. */
export interface SwarmConfigErrorDetails {
  /** The agent whose definition is at fault. */
  readonly agentName?: string;
  /** The tool (function or handoff) at fault. */
  readonly toolName?: string;
  /** The agent a handoff points to. */
  readonly targetName?: string;
}

/**
 * `defineSwarm` refused its input. `code` says why; `agentName`, `toolName` and `targetName`
 * name the parts at fault (they are in the message too).
 *
 * @example
 * ```ts
 * try {
 *   defineSwarm({ agents: [triage], start: triage, context });
 * } catch (error) {
 *   if (error instanceof SwarmConfigError && error.code === 'handoff_outside_swarm') {
 *     console.error(`${error.agentName} hands off to ${error.targetName}, which is not in the swarm`);
 *   }
 * }
 * ```
 */
export class SwarmConfigError extends ConfigError {
  override readonly name = 'SwarmConfigError';
  readonly agentName: string | undefined;
  readonly toolName: string | undefined;
  readonly targetName: string | undefined;
  constructor(
    readonly code: SwarmConfigErrorCode,
    message: string,
    details: SwarmConfigErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.agentName = details.agentName;
    this.toolName = details.toolName;
    this.targetName = details.targetName;
  }
}

/**
 * A lookup by name found no agent in the swarm.
 *
 * @example
 * ```ts
 * swarm.agent('Sales'); // UnknownAgentError: no agent named "Sales" in the swarm (agents: Triage, Billing)
 * ```
 */
export class UnknownAgentError extends Error {
  override readonly name = 'UnknownAgentError';
  readonly code = 'unknown_agent';
  constructor(
    readonly agentName: string,
    /** The names the swarm does have. */
    readonly available: readonly string[],
  ) {
    super(`No agent named "${agentName}" in the swarm (agents: ${available.join(', ') || 'none'}).`);
  }
}

function nameProblem(value: unknown): string {
  if (typeof value !== 'string') return `expected a string, got ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return 'it is empty';
  if (value.length > 64) return `it has ${value.length} characters, at most 64 are allowed`;
  const bad = [...new Set(value.replace(/[a-zA-Z0-9_-]/g, ''))].map((char) => JSON.stringify(char));
  return `it contains ${bad.join(', ')}, only letters, digits, "_" and "-" are allowed`;
}
