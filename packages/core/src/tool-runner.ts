import type { FunctionTool, ToolContext } from './tool.js';
import { parseToolArguments } from './tool-arguments.js';
import {
  type CancelReason,
  type ToolCallError,
  ToolCancelledError,
  ToolExecutionError,
  ToolRejectedError,
  ToolTimeoutError,
  UnknownToolError,
} from './tool-errors.js';

/** A completed `function_call` item, as the pipeline sees it. */
export interface FunctionCall {
  readonly name: string;
  readonly callId: string;
  /** The JSON string the model produced. */
  readonly arguments: string;
}

/** How a call ended: the text sent to the model as `function_call_output`, and the value or error behind it. */
export type ToolOutcome =
  | { readonly ok: true; readonly output: string; readonly result: unknown }
  | { readonly ok: false; readonly output: string; readonly error: ToolCallError };

/** An approval decision from the app. */
export type ApprovalDecision =
  | { readonly approved: true }
  | { readonly approved: false; readonly reason?: string };

/** What running one call needs from the pipeline around it. */
export interface RunToolCallOptions<Ctx> {
  /** The tool matched by name, or `undefined` when the agent has none of that name. */
  readonly tool: FunctionTool<Ctx> | undefined;
  /** Tool names the agent does have, for the unknown-tool message. */
  readonly availableTools: readonly string[];
  /** Aborted (with a {@link CancelReason} as reason) on interruption, handoff, close or cancelled response. */
  readonly signal: AbortSignal;
  /** Used when the tool sets no `timeoutMs`. */
  readonly defaultTimeoutMs: number;
  /** Everything of the tool context except the signal, which is per call. */
  readonly context: Omit<ToolContext<Ctx>, 'signal'>;
  /** Asks the app for approval; called only for tools that need it. */
  readonly requestApproval: (args: unknown) => Promise<ApprovalDecision>;
}

/**
 * Runs one function call to its end and never throws: unknown tool, bad arguments, approval
 * rejected, a throw, a timeout or a cancellation all become an outcome with text the model can act on.
 */
export async function runToolCall<Ctx>(
  call: FunctionCall,
  options: RunToolCallOptions<Ctx>,
): Promise<ToolOutcome> {
  const { tool, signal } = options;
  if (!tool) return failed(new UnknownToolError(call.name, call.callId, options.availableTools));

  const parsed = parseToolArguments(tool.parameters, call.name, call.callId, call.arguments);
  if (!parsed.ok) return failed(parsed.error);

  const cancelled = () =>
    failed(new ToolCancelledError(call.name, call.callId, signal.reason as CancelReason));
  if (signal.aborted) return cancelled();

  const controller = new AbortController();
  const ctx: ToolContext<Ctx> = { ...options.context, signal: controller.signal };
  const forwardAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', forwardAbort, { once: true });
  try {
    if (await needsApproval(tool, parsed.args, ctx)) {
      const decision = await untilAborted(options.requestApproval(parsed.args), controller.signal);
      if (decision === ABORTED) return cancelled();
      if (!decision.approved) return failed(new ToolRejectedError(call.name, call.callId, decision.reason));
    }
    const timeoutMs = tool.timeoutMs ?? options.defaultTimeoutMs;
    const timer = setTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
    try {
      const result = await untilAborted(
        Promise.resolve().then(() => tool.execute(parsed.args, ctx)),
        controller.signal,
      );
      if (result !== ABORTED) return { ok: true, output: serialize(result), result };
      return controller.signal.reason === TIMED_OUT
        ? failed(new ToolTimeoutError(call.name, call.callId, timeoutMs))
        : cancelled();
    } finally {
      clearTimeout(timer);
    }
  } catch (error) {
    return failed(new ToolExecutionError(call.name, call.callId, error));
  } finally {
    signal.removeEventListener('abort', forwardAbort);
  }
}

const ABORTED: unique symbol = Symbol('aborted');
const TIMED_OUT = 'timeout';

/** Resolves with the promise's value, or with ABORTED as soon as the signal fires (a hung tool cannot stall us). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

async function needsApproval<Ctx>(
  tool: FunctionTool<Ctx>,
  args: unknown,
  ctx: ToolContext<Ctx>,
): Promise<boolean> {
  const rule = tool.needsApproval;
  if (typeof rule === 'function') return Boolean(await rule(args as never, ctx));
  return rule === true;
}

function failed(error: ToolCallError): ToolOutcome {
  return { ok: false, output: error.message, error };
}

/** Tool results become the output string: strings as they are, anything else as JSON. */
export function serialize(result: unknown): string {
  if (typeof result === 'string') return result;
  if (result === undefined) return 'Done.';
  try {
    return JSON.stringify(result) ?? String(result);
  } catch {
    return String(result);
  }
}
