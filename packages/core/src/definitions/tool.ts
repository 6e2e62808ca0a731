import type { z } from 'zod';
import { InvalidToolNameError, ToolConfigError } from '../errors/config-errors.js';
import type { FunctionToolDefinition } from '../protocol/index.js';
import { isValidToolName } from '../protocol/tool-names.js';
import type {
  AgentTool,
  ApprovalCheck,
  FunctionTool,
  InterruptPolicy,
  ToolContext,
  ToolParameters,
} from './shapes.js';
import { FILLER_DELAY_EXPECTED, isFillerDelay, isValidTimeoutMs, TIMEOUT_EXPECTED } from './timeouts.js';
import { checkToolParameters, EMPTY_PARAMETERS_SCHEMA, toolParametersSchema } from './tool-schema.js';
import { isToolTrust, type ToolTrust, TRUST_EXPECTED } from './tool-trust.js';

/** The options of {@link tool}. */
export interface ToolOptions<Params extends ToolParameters, Ctx, Result> {
  /** Sent to the model; must match `^[a-zA-Z0-9_-]{1,64}$`. */
  readonly name: string;
  /** Tells the model when and how to call the tool. */
  readonly description: string;
  /** The arguments, as a zod object: validated per call, and turned into the JSON Schema the model sees. */
  readonly parameters: Params;
  /** Runs the call with validated arguments. The result is sent to the model (strings as they are, else JSON). */
  execute(args: z.output<Params>, ctx: ToolContext<Ctx>): Result | Promise<Result>;
  /**
   * Bounds each of the call's callbacks (argument validation, `needsApproval`, `execute` or the
   * app's result; not the wait for the app's approval) to this many milliseconds, above 0 and at
   * most 2^31−1; default: the session's.
   */
  readonly timeoutMs?: number;
  /** `true`, or a check per call: the session then waits for `approve(callId)` / `reject(callId)`. */
  readonly needsApproval?: boolean | ApprovalCheck<z.output<Params>, Ctx>;
  /**
   * What an interruption (the user speaking over the answer, `session.interrupt()`, a cancelled
   * response), a handoff or `close()` does to a call whose `execute` has started. `cancel` (default):
   * its signal fires and the model is told it was cancelled. `finish`, for irreversible actions (a
   * refund, a booking): it runs to its end (its timeout still applies), its real output is written
   * into the conversation when it ends, and the model reads it on the next turn; `close()` waits for it.
   */
  readonly onInterrupt?: InterruptPolicy;
  /**
   * How long a call of this tool may run before the caller hears a filler (see the session's
   * `filler` option); `false`: never for this tool. Default: the agent's, else the session's.
   */
  readonly fillerAfterMs?: number | false;
  /**
   * `'model-only'`: the tool runs only where the server reads the model's own events; when a browser
   * relays them (WebRTC relay mode) a call is refused, the model told why. Default `'any'`. See {@link ToolTrust}.
   */
  readonly trust?: ToolTrust;
}

/**
 * The options of {@link tool} for a call the app answers: no `execute`. The session emits
 * `result_requested` (with the validated arguments) on `toolCalls$` and waits, under the tool's
 * timeout, for `session.sendFunctionResult(callId, result)`; the pipeline's rules hold as for any
 * tool (one output per call, one follow-up response once every call of the response has its output).
 */
export type AppAnsweredToolOptions<Params extends ToolParameters, Ctx> = Omit<
  ToolOptions<Params, Ctx, unknown>,
  'execute'
> & { readonly execute?: undefined };

/** A function tool that runs its calls itself: `execute` is there (made by {@link tool} with `execute`). */
export type ExecutableTool<
  Ctx = unknown,
  Params extends ToolParameters = ToolParameters,
  Result = unknown,
> = FunctionTool<Ctx, Params, Result> & Pick<ToolOptions<Params, Ctx, Result>, 'execute'>;

/**
 * Defines a function tool the model can call. `args` is typed from the zod `parameters`; the
 * JSON Schema for the session is derived from them (see {@link toSessionTool}). Throws an
 * {@link InvalidToolNameError} or a {@link ToolConfigError} when the definition cannot work.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { tool } from '@switchboard/core';
 *
 * declare const billingApi: {
 *   invoice(id: string, init: { signal: AbortSignal }): Promise<unknown>;
 *   refund(id: string): Promise<unknown>;
 * };
 * const lookupInvoice = tool({
 *   name: 'lookup_invoice',
 *   description: 'Look up an invoice by its id',
 *   parameters: z.object({ invoiceId: z.string().describe('e.g. INV-1001') }),
 *   timeoutMs: 5_000,
 *   execute: async ({ invoiceId }, { signal }) => billingApi.invoice(invoiceId, { signal }),
 * });
 *
 * const issueRefund = tool({
 *   name: 'issue_refund',
 *   description: 'Refund an invoice',
 *   parameters: z.object({ invoiceId: z.string() }),
 *   trust: 'model-only', // never on a browser's word (WebRTC relay mode)
 *   onInterrupt: 'finish', // irreversible: a barge-in, a handoff or close() lets it finish
 *   execute: ({ invoiceId }) => billingApi.refund(invoiceId),
 * });
 * ```
 */
export function tool<Params extends ToolParameters, Ctx = unknown, Result = unknown>(
  options: ToolOptions<Params, Ctx, Result>,
): ExecutableTool<Ctx, Params, Result>;
export function tool<Params extends ToolParameters, Ctx = unknown>(
  options: AppAnsweredToolOptions<Params, Ctx>,
): FunctionTool<Ctx, Params, unknown>;
export function tool<Params extends ToolParameters, Ctx = unknown, Result = unknown>(
  options: ToolOptions<Params, Ctx, Result> | AppAnsweredToolOptions<Params, Ctx>,
): FunctionTool<Ctx, Params, Result> {
  const {
    name,
    description,
    parameters,
    execute,
    timeoutMs,
    needsApproval,
    trust = 'any',
    onInterrupt = 'cancel',
    fillerAfterMs,
  } = options;
  if (!isValidToolName(name)) throw new InvalidToolNameError('name', name);
  if (typeof description !== 'string')
    throw new ToolConfigError(name, 'description', description, 'a string');
  checkToolParameters(name, 'parameters', parameters);
  if (execute !== undefined && typeof execute !== 'function')
    throw new ToolConfigError(name, 'execute', execute, 'a function (or nothing: the app answers)');
  if (timeoutMs !== undefined && !isValidTimeoutMs(timeoutMs)) {
    throw new ToolConfigError(name, 'timeoutMs', timeoutMs, TIMEOUT_EXPECTED);
  }
  if (
    needsApproval !== undefined &&
    typeof needsApproval !== 'boolean' &&
    typeof needsApproval !== 'function'
  ) {
    throw new ToolConfigError(name, 'needsApproval', needsApproval, 'a boolean or a function');
  }
  if (fillerAfterMs !== undefined && !isFillerDelay(fillerAfterMs))
    throw new ToolConfigError(name, 'fillerAfterMs', fillerAfterMs, FILLER_DELAY_EXPECTED);
  if (onInterrupt !== 'cancel' && onInterrupt !== 'finish')
    throw new ToolConfigError(name, 'onInterrupt', onInterrupt, "'cancel' or 'finish'");
  if (!isToolTrust(trust)) throw new ToolConfigError(name, 'trust', trust, TRUST_EXPECTED);
  return Object.freeze({
    kind: 'function',
    name,
    description,
    parameters,
    timeoutMs,
    needsApproval,
    onInterrupt,
    fillerAfterMs,
    trust,
    ...(execute ? { execute } : {}),
  });
}

/**
 * The definition of a tool (function or handoff) for `session.tools`:
 * `{ type: 'function', name, description, parameters }` with parameters as JSON Schema.
 *
 * @example
 * ```ts
 * import { type FunctionTool, toSessionTool } from '@switchboard/core';
 *
 * declare const lookupInvoice: FunctionTool;
 * toSessionTool(lookupInvoice);
 * // { type: 'function', name: 'lookup_invoice', description: 'Look up an invoice by its id',
 * //   parameters: { type: 'object', properties: { invoiceId: { type: 'string', ... } }, ... } }
 * ```
 */
export function toSessionTool<Ctx>(tool: AgentTool<Ctx>): FunctionToolDefinition {
  const schema = tool.kind === 'function' ? tool.parameters : tool.input;
  return {
    type: 'function',
    name: tool.name,
    description: tool.description,
    parameters: schema ? toolParametersSchema(schema) : EMPTY_PARAMETERS_SCHEMA,
  };
}
