import { TOOL_NAME_PATTERN } from '../protocol/tool-names.js';
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

/** Every way a tool, agent, handoff, swarm, session or transport definition can be refused. */
export type ConfigErrorCode =
  | 'invalid_tool_name'
  | 'invalid_tool_option'
  | 'invalid_agent_name'
  | 'invalid_agent_option'
  | 'invalid_session_option'
  | 'invalid_transport_option'
  | SwarmConfigErrorCode;

/**
 * Base of the errors thrown while defining tools, agents, handoffs, swarms, sessions and transports
 * (never at call time). `code` is stable for programs; `message` names the offending field and value
 * and what would work instead.
 *
 * @example
 * ```ts
 * import { type Agent, ConfigError, defineSwarm } from '@switchboard/core';
 *
 * declare const triage: Agent, billing: Agent;
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
 * import { InvalidToolNameError, tool } from '@switchboard/core';
 * import { z } from 'zod';
 *
 * try {
 *   tool({ name: 'get weather', description: 'Weather', parameters: z.object({}), execute: () => 'sunny' });
 * } catch (error) {
 *   if (error instanceof InvalidToolNameError) console.error(error.field, error.value); // name, "get weather"
 * }
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
 * import { ToolConfigError, tool } from '@switchboard/core';
 * import { z } from 'zod';
 *
 * try {
 *   tool({ name: 'get_weather', description: 'Weather', parameters: z.object({}), timeoutMs: 0 });
 * } catch (error) {
 *   if (error instanceof ToolConfigError) console.error(error.toolName, error.field); // get_weather, timeoutMs
 * }
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
 * import { type Agent, RealtimeSession, type RealtimeTransport } from '@switchboard/core';
 *
 * declare const agent: Agent<{ customerId: string }>;
 * declare const transport: RealtimeTransport;
 * new RealtimeSession({ agent, context: { customerId: 'C-42' }, transport, toolTimeoutMs: 0 });
 * // SessionOptionError: option "toolTimeoutMs", value 0
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
 * Transport options that cannot work (contradictory endpoints, an unusable token, a stream URL with
 * a query string …), thrown when the transport is made, never later. Every transport package throws
 * this one class.
 *
 * @example
 * ```ts
 * import { TransportConfigError } from '@switchboard/core';
 * import { websocketTransport } from '@switchboard/transport-websocket';
 *
 * try {
 *   websocketTransport({ dialect: 'ga', url: 'ws://127.0.0.1:8080/v1/realtime', callId: 'rtc_1', model: 'gpt-realtime' });
 * } catch (error) {
 *   if (error instanceof TransportConfigError) console.error(error.transport, error.field, error.message);
 * }
 * ```
 */
export class TransportConfigError extends ConfigError {
  override readonly name = 'TransportConfigError';
  readonly code = 'invalid_transport_option';
  constructor(
    /** The transport being made, e.g. `websocket`, `webrtc-relay`, `sip`, `twilio`. */
    readonly transport: string,
    /** The option at fault. */
    readonly field: string,
    /** What is wrong and what would work, e.g. `expected 'relay' or 'sideband', got "rely"`. */
    detail: string,
  ) {
    super(`Invalid option "${field}" of the ${transport} transport: ${detail}.`);
  }
}

/**
 * An agent definition that cannot work: a name that gives no valid `transfer_to_…` tool, an option
 * of the wrong type, or two function tools with the same name.
 *
 * @example
 * ```ts
 * import { defineAgent } from '@switchboard/core';
 *
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
    options?: { cause?: unknown },
  ) {
    const subject = agentName === undefined ? 'an agent' : `agent "${agentName}"`;
    super(`Invalid ${subject}: field "${field}" ${detail} (got ${formatValue(value)}).`, options);
  }
}

/**
 * A handoff whose target could not be resolved: its thunk threw (typically it read a `const`
 * agent before its declaration ran) or returned something that is not an agent.
 *
 * @example
 * ```ts
 * import { type Agent, handoff } from '@switchboard/core';
 *
 * let billing: Agent | undefined;
 * handoff(() => billing as Agent).name; // HandoffResolutionError (cause: the TypeError)
 * ```
 */
export class HandoffResolutionError extends ConfigError {
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
 * import { type Agent, defineSwarm, SwarmConfigError } from '@switchboard/core';
 *
 * declare const triage: Agent<{ customerId: string }>;
 * try {
 *   defineSwarm({ agents: [triage], start: triage, context: { customerId: 'C-42' } });
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
 * A lookup by name found no agent in the swarm (`swarm.agent(name)`, `session.handoffTo(name)`),
 * or, in a session of one agent, among the active agent's handoff targets.
 *
 * @example
 * ```ts
 * import { type Swarm, UnknownAgentError } from '@switchboard/core';
 *
 * declare const swarm: Swarm;
 * try {
 *   swarm.agent('Sales');
 * } catch (error) {
 *   if (error instanceof UnknownAgentError) console.error(error.agentName, error.available);
 * }
 * ```
 */
export class UnknownAgentError extends Error {
  override readonly name = 'UnknownAgentError';
  readonly code = 'unknown_agent';
  constructor(
    readonly agentName: string,
    /** The names the swarm (or the handoffs looked in) does have. */
    readonly available: readonly string[],
    /** Where the name was looked for, in words. */
    where = 'the swarm',
  ) {
    super(`No agent named "${agentName}" in ${where} (agents: ${available.join(', ') || 'none'}).`);
  }
}

function nameProblem(value: unknown): string {
  if (typeof value !== 'string') return `expected a string, got ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return 'it is empty';
  if (value.length > 64) return `it has ${value.length} characters, at most 64 are allowed`;
  const bad = [...new Set(value.replace(/[a-zA-Z0-9_-]/g, ''))].map((char) => JSON.stringify(char));
  return `it contains ${bad.join(', ')}, only letters, digits, "_" and "-" are allowed`;
}
