import type { CancelReason, ToolCallError, ToolCallErrorCode } from '../errors/tool-errors.js';

/** A tool call started: emitted when its `function_call` item completes, before approval or execution. */
export interface ToolStartEvent {
  readonly type: 'tool_start';
  /** `handoff` for a `transfer_to_…` call (its end is followed by a {@link HandoffEvent}). */
  readonly kind: 'function' | 'handoff';
  readonly callId: string;
  readonly name: string;
  /** The agent whose tools the call was matched against (the one active when the response was created). */
  readonly agent: string;
  readonly responseId: string;
  /** The arguments as the model sent them (a JSON string). */
  readonly arguments: string;
  /**
   * The call belongs to an out-of-band response (`conversation: 'none'`): its output is reported on
   * `tool_end` and never written into the conversation; no follow-up response is requested.
   */
  readonly outOfBand: boolean;
}

/** A call waits for `session.approve(callId)` or `session.reject(callId)`. */
export interface ApprovalRequestedEvent {
  readonly type: 'approval_requested';
  readonly callId: string;
  readonly name: string;
  readonly agent: string;
  /** The validated arguments. */
  readonly arguments: unknown;
}

/**
 * A call of a tool without `execute` waits for the app: answer it with
 * `session.sendFunctionResult(callId, result)` before the tool's timeout.
 */
export interface ResultRequestedEvent {
  readonly type: 'result_requested';
  readonly callId: string;
  readonly name: string;
  readonly agent: string;
  /** The validated arguments. */
  readonly arguments: unknown;
}

/** A tool call ended; `output` is exactly what was sent to the model. */
export interface ToolEndEvent {
  readonly type: 'tool_end';
  readonly kind: 'function' | 'handoff';
  readonly callId: string;
  readonly name: string;
  readonly agent: string;
  readonly responseId: string;
  /** Milliseconds from the call's start (or from the handoff being applied) to its output. */
  readonly durationMs: number;
  /** `success`, or the failure's code. */
  readonly outcome: 'success' | ToolCallErrorCode;
  readonly output: string;
  /** The tool's return value, on success. */
  readonly result?: unknown;
  /** The failure, otherwise. */
  readonly error?: ToolCallError;
  /** False when the output was not sent: the session had closed, or the call is out-of-band. */
  readonly outputSent: boolean;
  /** The call belongs to an out-of-band response: the app decides what to do with `output`. */
  readonly outOfBand: boolean;
  /**
   * The outcome came from the session's `toolOutcomes` (an earlier owner of the conversation ran or
   * started the tool): the tool did not run here. Absent otherwise.
   */
  readonly replayed?: true;
  /**
   * Set when an interruption (`interrupted`, `response_cancelled`), a `handoff` or the close
   * (`session_closed`) came while the call ran and its tool says `onInterrupt: 'finish'`: the call went
   * on, and this is its real outcome (sent to the model unless the session had closed).
   */
  readonly interruptedBy?: CancelReason;
}

/** Everything the tool pipeline reports about calls, in order. */
export type ToolCallEvent = ToolStartEvent | ApprovalRequestedEvent | ResultRequestedEvent | ToolEndEvent;

/**
 * The active agent changed: the model called a handoff tool, the app handed off
 * (`session.handoffTo()`, `source: 'app'`) or set the agent (`updateAgent`).
 */
export interface HandoffEvent {
  readonly type: 'handoff';
  readonly from: string;
  readonly to: string;
  /** The handoff call's id; absent when the app switched agents itself. */
  readonly callId?: string;
  /** The handoff's validated input, when it declares one. */
  readonly input?: unknown;
  /** `app` for `session.handoffTo()`; absent for the model's handoffs and `updateAgent`. */
  readonly source?: 'app';
  /** The reason given to `session.handoffTo()`. */
  readonly reason?: string;
}
