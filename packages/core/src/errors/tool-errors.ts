import { describeCause } from './describe-cause.js';

/** Why a running tool call was cancelled. */
export type CancelReason =
  | 'interrupted'
  | 'handoff'
  | 'session_closed'
  | 'response_cancelled'
  /** A handoff called in an out-of-band response: such responses never switch the agent. */
  | 'out_of_band';

/** Every way a tool call can fail. `code` is stable; `message` is what the model reads. */
export type ToolCallErrorCode =
  | 'unknown_tool'
  | 'invalid_arguments'
  | 'tool_failed'
  | 'timeout'
  | 'rejected'
  | 'cancelled'
  /** The call's tool started in a process that stopped before it finished; it is not run again. */
  | 'interrupted'
  /** A `model-only` tool or handoff called over a relayed transport (see `UntrustedCallError`). */
  | 'untrusted_call';

/**
 * Base of the tool-call failures. The message is written for the model: it says what went wrong
 * and what to do next, and becomes the `function_call_output` of the call.
 */
export abstract class ToolCallError extends Error {
  abstract readonly code: ToolCallErrorCode;
  constructor(
    /** The tool the model called. */
    readonly toolName: string,
    /** The call's `call_id`. */
    readonly callId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The model called a tool the agent does not have. */
export class UnknownToolError extends ToolCallError {
  override readonly name = 'UnknownToolError';
  readonly code = 'unknown_tool';
  constructor(
    toolName: string,
    callId: string,
    readonly available: readonly string[],
  ) {
    super(
      toolName,
      callId,
      `Error: there is no tool named "${toolName}". Available tools: ${available.join(', ') || 'none'}.`,
    );
  }
}

/** One zod issue, flattened for messages and logs. */
export interface ArgumentIssue {
  /** Dotted path to the offending field as zod writes it, e.g. `items[0].sku`; empty for the root. */
  readonly path: string;
  readonly message: string;
}

/** The arguments were not JSON, or did not match the tool's zod schema. */
export class ToolArgumentsError extends ToolCallError {
  override readonly name = 'ToolArgumentsError';
  readonly code = 'invalid_arguments';
  constructor(
    toolName: string,
    callId: string,
    /** The arguments string as the model sent it. */
    readonly rawArguments: string,
    readonly issues: readonly ArgumentIssue[],
    /** `cause`: what a throwing transform or refine threw. */
    options?: { cause?: unknown },
  ) {
    super(
      toolName,
      callId,
      `Error: invalid arguments for tool "${toolName}": ${issues
        .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
        .join('; ')}. Call the tool again with corrected arguments.`,
      options,
    );
  }
}

/** The tool's `execute` threw or rejected. */
export class ToolExecutionError extends ToolCallError {
  override readonly name = 'ToolExecutionError';
  readonly code = 'tool_failed';
  constructor(
    toolName: string,
    callId: string,
    override readonly cause: unknown,
  ) {
    super(toolName, callId, `Error: tool "${toolName}" failed: ${describeCause(cause)}`);
  }
}

/**
 * The tool returned a value that cannot become the output text: JSON cannot express it (a function,
 * a symbol, a BigInt, a circular object) or its `toJSON` threw. Nothing of it is sent to the model.
 */
export class ToolResultError extends ToolCallError {
  override readonly name = 'ToolResultError';
  readonly code = 'tool_failed';
  constructor(
    toolName: string,
    callId: string,
    /** Why the result cannot be sent. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      toolName,
      callId,
      `Error: tool "${toolName}" failed: its result cannot be sent (${reason}).`,
      options,
    );
  }
}

/** The tool did not finish within its timeout; its signal was aborted. */
export class ToolTimeoutError extends ToolCallError {
  override readonly name = 'ToolTimeoutError';
  readonly code = 'timeout';
  constructor(
    toolName: string,
    callId: string,
    readonly timeoutMs: number,
  ) {
    super(toolName, callId, `Error: tool "${toolName}" timed out after ${timeoutMs} ms and was cancelled.`);
  }
}

/** The app rejected a call that needed approval. */
export class ToolRejectedError extends ToolCallError {
  override readonly name = 'ToolRejectedError';
  readonly code = 'rejected';
  constructor(
    toolName: string,
    callId: string,
    readonly reason: string | undefined,
  ) {
    super(
      toolName,
      callId,
      `Error: the call to "${toolName}" was not approved${reason ? `: ${reason}` : ''}. Do not retry it unasked.`,
    );
  }
}

/** Why a call was cancelled, in words (for the model's output and the abort error). */
export const CANCEL_TEXT: Readonly<Record<CancelReason, string>> = {
  interrupted: 'the user interrupted',
  handoff: 'the conversation was handed to another agent',
  session_closed: 'the session closed',
  response_cancelled: 'the response was cancelled',
  out_of_band: 'an out-of-band response cannot hand the conversation over',
};

/** The call was aborted before it finished (interruption, handoff, close, cancelled response). */
export class ToolCancelledError extends ToolCallError {
  override readonly name = 'ToolCancelledError';
  readonly code = 'cancelled';
  constructor(
    toolName: string,
    callId: string,
    readonly reason: CancelReason,
  ) {
    super(toolName, callId, `Error: the call to "${toolName}" was cancelled because ${CANCEL_TEXT[reason]}.`);
  }
}

/**
 * The call's tool was started by a process that stopped before recording how it ended (a cluster
 * worker that died mid-tool). It is not run again, since it may already have taken effect: the model
 * is told so, and may check and call again (a new call, with a new idempotency key).
 */
export class ToolInterruptedError extends ToolCallError {
  override readonly name = 'ToolInterruptedError';
  readonly code = 'interrupted';
  constructor(toolName: string, callId: string) {
    super(
      toolName,
      callId,
      `Error: the call to "${toolName}" was interrupted before it finished and was not run again; it may or may not have taken effect. Check before calling it again.`,
    );
  }
}

/**
 * A failure recorded by an earlier owner of the conversation (see `ToolOutcomeStore`): its output
 * is sent again as it was; `code` is the original failure's.
 */
export class RecordedToolError extends ToolCallError {
  override readonly name = 'RecordedToolError';
  constructor(
    toolName: string,
    callId: string,
    readonly code: ToolCallErrorCode,
    output: string,
  ) {
    super(toolName, callId, output);
  }
}
