import type { AgentTool } from '../definitions/shapes.js';
import { UntrustedCallError } from '../errors/trust-errors.js';
import type { RealtimeTransport } from '../transport/transport.js';
import type { FunctionCall } from './tool-runner.js';

/** Where the model's events come from, as the pipeline reads it (a transport that does not say reads them itself). */
export type ModelEventSource = NonNullable<RealtimeTransport['modelEvents']>;

/**
 * The refusal of a call that only the model may make, when the model's events reach the server
 * through a browser (DESIGN.md, trust model): a `model-only` tool or handoff over a relayed
 * transport. `undefined` when the call may go on (any other tool, or the server reads the model itself).
 */
export function untrustedCall<Ctx>(
  call: FunctionCall,
  tool: AgentTool<Ctx> | undefined,
  source: ModelEventSource,
): UntrustedCallError | undefined {
  if (source !== 'relayed' || tool?.trust !== 'model-only') return undefined;
  return new UntrustedCallError(call.name, call.callId, tool.kind);
}
