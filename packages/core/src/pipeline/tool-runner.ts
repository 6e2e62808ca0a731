import type { FunctionTool, ToolContext } from '../definitions/shapes.js';
import { describeCause } from '../errors/describe-cause.js';
import { ToolAbortError } from '../errors/tool-abort-error.js';
import {
  type CancelReason,
  type ToolCallError,
  ToolCancelledError,
  ToolExecutionError,
  ToolRejectedError,
  ToolResultError,
  ToolTimeoutError,
  UnknownToolError,
} from '../errors/tool-errors.js';
import { type GuardedStop, guardedStep } from './guarded-call.js';
import { parseToolArguments } from './tool-arguments.js';

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
  /**
   * The call's own controller: aborted (a {@link ToolAbortError} as reason) on interruption, handoff,
   * close or cancelled response, and by the runner on a timeout. Its signal is the one every
   * callback of the call gets.
   */
  readonly controller: AbortController;
  /** Used when the tool sets no `timeoutMs`. */
  readonly defaultTimeoutMs: number;
  /** Everything of the tool context except the signal, which is per callback. */
  readonly context: Omit<ToolContext<Ctx>, 'signal'>;
  /** Asks the app for approval; called only for tools that need it. */
  readonly requestApproval: (args: unknown) => Promise<ApprovalDecision>;
  /** Asks the app for the call's result; called only for tools without `execute`. */
  readonly requestResult: (args: unknown) => Promise<unknown>;
  /** Told just before `execute` starts (`execute`), or the wait for the app's result (`app`). */
  readonly running?: (by: CallRunner) => void;
}

/** What runs a call once it is past validation and approval: its `execute`, or the app. */
export type CallRunner = 'execute' | 'app';

/**
 * Runs one function call to its end and never rejects: unknown tool, bad arguments, approval
 * rejected, a throw, a timeout or a cancellation all become an outcome with text the model can act on.
 * Every user callback (the schema's transforms and refines, `needsApproval`, `execute`, or the app's
 * result for a tool without `execute`) goes through
 * {@link guardedCall}, bounded by the tool's timeout and the call's signal: once the signal has
 * fired, nothing more starts.
 */
export async function runToolCall<Ctx>(
  call: FunctionCall,
  options: RunToolCallOptions<Ctx>,
): Promise<ToolOutcome> {
  const { tool, controller } = options;
  if (!tool) return failed(new UnknownToolError(call.name, call.callId, options.availableTools));
  const timeoutMs = tool.timeoutMs ?? options.defaultTimeoutMs;
  const ctx = (signal: AbortSignal): ToolContext<Ctx> => ({ ...options.context, signal });

  const parsed = await parseToolArguments(tool.parameters, call, { call: controller, timeoutMs });
  if (!parsed.ok) return 'error' in parsed ? failed(parsed.error) : stoppedOutcome(call, parsed.stopped);
  const { args } = parsed;

  const rule = tool.needsApproval;
  let approvalNeeded = rule === true;
  if (typeof rule === 'function') {
    // A plain value is not awaited (no extra hop); a promise is.
    const checking = guardedStep(controller, timeoutMs, (signal) => rule(args, ctx(signal)));
    const check = checking instanceof Promise ? await checking : checking;
    if (check.status === 'threw') return failed(new ToolExecutionError(call.name, call.callId, check.error));
    if (check.status !== 'ok') return stoppedOutcome(call, check);
    approvalNeeded = Boolean(check.value);
  }
  if (approvalNeeded) {
    const decision = await guardedStep(controller, undefined, () => options.requestApproval(args));
    if (decision.status === 'threw')
      return failed(new ToolExecutionError(call.name, call.callId, decision.error));
    if (decision.status !== 'ok') return stoppedOutcome(call, decision);
    if (!decision.value.approved)
      return failed(new ToolRejectedError(call.name, call.callId, decision.value.reason));
  }

  // A tool without `execute` is answered by the app, under the same timeout and signal.
  if (!controller.signal.aborted) options.running?.(tool.execute ? 'execute' : 'app');
  const running = guardedStep(controller, timeoutMs, (signal) =>
    tool.execute ? tool.execute(args, ctx(signal)) : options.requestResult(args),
  );
  // A tool that returns a plain value has its output in the same microtask its execute ran in.
  const run = running instanceof Promise ? await running : running;
  if (run.status === 'threw') return failed(new ToolExecutionError(call.name, call.callId, run.error));
  if (run.status !== 'ok') return stoppedOutcome(call, run);
  const output = serializeResult(run.value);
  if (!output.ok)
    return failed(new ToolResultError(call.name, call.callId, output.reason, { cause: output.cause }));
  return { ok: true, output: output.text, result: run.value };
}

/** The outcome of a call whose callback was aborted (cancelled, with the signal's reason) or timed out. */
export function stoppedOutcome(call: FunctionCall, stop: GuardedStop): ToolOutcome {
  return failed(
    stop.status === 'timed_out'
      ? new ToolTimeoutError(call.name, call.callId, stop.timeoutMs)
      : new ToolCancelledError(call.name, call.callId, cancelReasonOf(stop.reason)),
  );
}

/** The cancel reason a call's aborted signal carries ({@link ToolAbortError}); the pipeline aborts with nothing else. */
function cancelReasonOf(reason: unknown): CancelReason {
  return reason instanceof ToolAbortError && reason.reason !== 'timeout'
    ? reason.reason
    : 'response_cancelled';
}

/** A failed outcome whose output is the error's message. */
export function failed(error: ToolCallError): ToolOutcome {
  return { ok: false, output: error.message, error };
}

/** A tool result as output text, or why it cannot be one. */
export type SerializedResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: string; readonly cause?: unknown };

/**
 * Tool results become the output string: strings as they are, `undefined` as `Done.`, anything else
 * as JSON. What JSON cannot carry (a function, a symbol, a BigInt, a circular object, a throwing
 * `toJSON`) is refused rather than sent as `[object Object]` or as a function's source.
 */
export function serializeResult(result: unknown): SerializedResult {
  if (typeof result === 'string') return { ok: true, text: result };
  if (result === undefined) return { ok: true, text: 'Done.' };
  if (typeof result === 'function' || typeof result === 'symbol')
    return { ok: false, reason: `a ${typeof result} is not JSON` };
  try {
    const text = JSON.stringify(result);
    return text === undefined ? { ok: false, reason: 'JSON has no value for it' } : { ok: true, text };
  } catch (cause) {
    // V8's circular-structure message spans several lines; the first says what happened.
    return { ok: false, reason: describeCause(cause).split('\n')[0] as string, cause };
  }
}
