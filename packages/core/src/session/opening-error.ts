import { AgentConfigError, HandoffResolutionError } from '../errors/config-errors.js';
import { describeCause } from '../errors/describe-cause.js';
import { InstructionsError } from '../errors/session-errors.js';

/**
 * What building an agent's `session.update` threw, as a session error: its `instructions` threw (an
 * {@link InstructionsError}), a handoff's target cannot be resolved, or its definition cannot be
 * sent (an {@link AgentConfigError}, which anything else thrown there also becomes).
 */
export function openingError(
  agentName: string,
  cause: unknown,
): InstructionsError | AgentConfigError | HandoffResolutionError {
  if (
    cause instanceof InstructionsError ||
    cause instanceof AgentConfigError ||
    cause instanceof HandoffResolutionError
  )
    return cause;
  return new AgentConfigError(
    'invalid_agent_option',
    agentName,
    'session',
    undefined,
    `cannot be turned into a session.update (${describeCause(cause)})`,
    { cause },
  );
}
