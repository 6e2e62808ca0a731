/** Why a running tool call was cancelled. */
export type CancelReason = 'interrupted' | 'handoff' | 'session_closed' | 'response_cancelled';

/** Every way a tool call can fail. `code` is stable; `message` is what the model reads. */
export type ToolCallErrorCode =
  | 'unknown_tool'
  | 'invalid_arguments'
  | 'tool_failed'
  | 'timeout'
  | 'rejected'
  | 'cancelled';

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
  ) {
    super(message);
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
  /** Dotted path to the offending field, e.g. `items[0].sku`; empty for the root. */
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
  ) {
    super(
      toolName,
      callId,
      `Error: invalid arguments for tool "${toolName}": ${issues
        .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
        .join('; ')}. Call the tool again with corrected arguments.`,
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
    super(toolName, callId, `Error: tool "${toolName}" failed: ${describe(cause)}`);
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

const CANCEL_TEXT: Record<CancelReason, string> = {
  interrupted: 'the user interrupted',
  handoff: 'the conversation was handed to another agent',
  session_closed: 'the session closed',
  response_cancelled: 'the response was cancelled',
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

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message || cause.name;
  if (typeof cause === 'string') return cause;
  try {
    return JSON.stringify(cause) ?? String(cause);
  } catch {
    return String(cause);
  }
}
