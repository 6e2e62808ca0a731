import type {
  ConversationItem,
  FunctionToolDefinition,
  SessionConfig,
  ToolChoice,
} from '@switchboard/core/protocol';

/**
 * What a brain is asked: the effective settings of one response (the session with the response's
 * overrides applied) and its context.
 */
export interface BrainRequest {
  /** The session as it is when the response starts. */
  readonly session: SessionConfig;
  /** Instructions in effect (the response's, else the session's). */
  readonly instructions: string;
  /** Function tools the model may call (none when `tool_choice` is `'none'`). */
  readonly tools: readonly FunctionToolDefinition[];
  readonly toolChoice: ToolChoice;
  /** The context, oldest first: the conversation, or the response's own `input`. */
  readonly items: readonly ConversationItem[];
  /** `['text']` or `['audio']`; brains rarely care (the server voices text for audio). */
  readonly outputModalities: readonly ('text' | 'audio')[];
  /**
   * `conversation: 'none'`: the response is out of band, its output never enters the conversation
   * (a filler, a summary, a classification).
   */
  readonly outOfBand: boolean;
  /** The response's metadata (out-of-band responses are matched by it). */
  readonly metadata: Readonly<Record<string, string>> | null;
  /** Aborted when the response is cancelled or the connection closes. */
  readonly signal: AbortSignal;
}

/** The model says something: a whole string, or text streamed in pieces. */
export interface BrainMessage {
  readonly type: 'message';
  readonly text: string | AsyncIterable<string>;
}

/** The model calls a function. `arguments` may be an object (it is JSON-encoded) or a JSON string. */
export interface BrainFunctionCall {
  readonly type: 'function_call';
  readonly name: string;
  readonly arguments: string | Readonly<Record<string, unknown>>;
  /** Default: a new `call_…` id. */
  readonly callId?: string;
}

/** One output item of a response. */
export type BrainOutput = BrainMessage | BrainFunctionCall;

/**
 * The model's side of a local session: given a response request, it yields the response's output
 * items in order (messages and function calls). The server turns them into the API's event stream
 * (deltas, audio, transcripts, usage), so a brain never deals with events.
 *
 * @example
 * ```ts
 * import { type Brain, lastUserText } from '@switchboard/local-realtime';
 *
 * const echo: Brain = {
 *   name: 'echo',
 *   *respond(request) {
 *     yield { type: 'message', text: `You said: ${lastUserText(request.items) ?? 'nothing'}` };
 *   },
 * };
 * ```
 */
export interface Brain {
  /** Shown in logs and the CLI. */
  readonly name: string;
  respond(request: BrainRequest): AsyncIterable<BrainOutput> | Iterable<BrainOutput>;
}

/**
 * A brain failed (threw, or its backend answered with an error); the response ends `failed` with
 * `status_details.error.code: 'brain_error'`, and the message says which brain and why.
 */
export class BrainError extends Error {
  override readonly name = 'BrainError';
  readonly code = 'brain_error';
  constructor(
    message: string,
    readonly brain: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
