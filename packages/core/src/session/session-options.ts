import type { Agent } from '../definitions/shapes.js';
import type { Swarm } from '../definitions/swarm.js';
import { isValidTimeoutMs, TIMEOUT_EXPECTED } from '../definitions/timeouts.js';
import { SessionOptionError } from '../errors/config-errors.js';
import type { RealtimeTransport } from '../transport/transport.js';

/** Options of a {@link RealtimeSession}: a transport, and either a swarm or a single agent with its context. */
export type RealtimeSessionOptions<Ctx> = {
  readonly transport: RealtimeTransport;
  /**
   * Used for tools that set no `timeoutMs`, and for every handoff's `input` and `onHandoff` (default
   * 30 s). Above 0 and at most 2^31−1; anything else is refused with a {@link SessionOptionError}.
   */
  readonly toolTimeoutMs?: number;
} & (
  | { readonly swarm: Swarm<Ctx>; readonly agent?: undefined; readonly context?: undefined }
  | { readonly agent: Agent<Ctx>; readonly context: Ctx; readonly swarm?: undefined }
);

/** The lifecycle of a session. */
export type SessionState = 'idle' | 'connecting' | 'open' | 'closing' | 'closed';

const DEFAULT_TOOL_TIMEOUT_MS = 30_000;

/** The session's tool timeout; throws a {@link SessionOptionError} for one out of range (nothing is clamped). */
export function toolTimeoutOf(options: { readonly toolTimeoutMs?: number }): number {
  const { toolTimeoutMs = DEFAULT_TOOL_TIMEOUT_MS } = options;
  if (!isValidTimeoutMs(toolTimeoutMs))
    throw new SessionOptionError('toolTimeoutMs', toolTimeoutMs, TIMEOUT_EXPECTED);
  return toolTimeoutMs;
}
