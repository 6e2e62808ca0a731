import type { Observable } from 'rxjs';
import type { Agent } from '../definitions/shapes.js';
import type { SessionError } from '../errors/session-errors.js';
import type { ToolCallError, ToolCallErrorCode } from '../errors/tool-errors.js';
import type { MessageRole } from '../protocol/index.js';

/** What started a turn. */
export type TurnInput =
  /** `session.sendText(text, { role })` (with a response). */
  | { readonly kind: 'text'; readonly text: string; readonly role: MessageRole }
  /**
   * The user spoke: server VAD's `input_audio_buffer.speech_started`, or `commitAudio({ respond: true })`.
   * `itemId` is the user item the audio becomes (from the server's events, once known).
   */
  | { readonly kind: 'audio'; readonly itemId: string | undefined }
  /** `session.createResponse()`, or a conversation response the server started while no turn was open. */
  | { readonly kind: 'response' };

/**
 * How a turn ended.
 * - `completed`: the model yielded and its last response completed.
 * - `incomplete` / `cancelled` / `failed`: the model yielded and its last response ended so
 *   (`failed` also when no response came and the server reported an error, e.g. it refused the
 *   `response.create`).
 * - `interrupted`: `session.interrupt()` was called, or new user input (text or speech) started
 *   the next turn, before the model yielded.
 * - `closed`: the session closed (or its connection ended for good) before the model yielded.
 */
export type TurnStatus = 'completed' | 'incomplete' | 'cancelled' | 'failed' | 'interrupted' | 'closed';

/** An assistant message of the turn, once the model finished it. */
export interface TurnMessage {
  readonly kind: 'message';
  /** The agent active when the message's response was created. */
  readonly agent: string;
  readonly responseId: string;
  readonly itemId: string | undefined;
  /** Its text, or the transcript of its audio. */
  readonly text: string;
}

/** A function call of the turn (handoff calls included), with its outcome once it has one. */
export interface TurnToolCall {
  readonly kind: 'tool_call';
  readonly callId: string;
  readonly name: string;
  /** `handoff` for a `transfer_to_…` call (a successful one is followed by a {@link TurnHandoff}). */
  readonly type: 'function' | 'handoff';
  /** The agent whose tools the call was matched against. */
  readonly agent: string;
  readonly responseId: string;
  /** The arguments as the model sent them (a JSON string). */
  readonly arguments: string;
  /** The call waited (or waits) for `session.approve()` / `session.reject()`. */
  readonly approvalRequested: boolean;
  /** `success` or the failure's code; `undefined` while the call still runs. */
  readonly outcome: 'success' | ToolCallErrorCode | undefined;
  /** What was sent to the model as the call's output. */
  readonly output: string | undefined;
  /** The tool's return value, on success. */
  readonly result?: unknown;
  /** The failure, otherwise. */
  readonly error?: ToolCallError;
  readonly durationMs: number | undefined;
}

/** The conversation moved to another agent during the turn. */
export interface TurnHandoff {
  readonly kind: 'handoff';
  readonly from: string;
  readonly to: string;
  /** The handoff call's id; absent when the app switched agents with `updateAgent`. */
  readonly callId: string | undefined;
}

/** One step of a turn's transcript: a finished message, a finished tool call, a handoff. */
export type TurnStep = TurnMessage | TurnToolCall | TurnHandoff;

/** A response of the turn and how it ended (`in_progress` if the turn settled before its end). */
export interface TurnResponse {
  readonly id: string;
  readonly agent: string;
  readonly status: 'in_progress' | 'completed' | 'cancelled' | 'failed' | 'incomplete';
}

/** Everything a turn did, once it has settled. */
export interface TurnResult<Ctx = unknown> {
  readonly status: TurnStatus;
  readonly input: TurnInput;
  /** The user's audio transcript, when the turn started from speech and it arrived in time. */
  readonly inputTranscript: string | undefined;
  /** What the assistant said in the turn: the text of its messages, joined with newlines. */
  readonly text: string;
  /** The turn's messages, tool calls and handoffs, in the order they finished. */
  readonly transcript: readonly TurnStep[];
  /** Every function call of the turn in the order they started, handoff calls included. */
  readonly toolCalls: readonly TurnToolCall[];
  readonly handoffs: readonly TurnHandoff[];
  /** The responses of the turn, in order: the first answer, then the follow-ups after tools and handoffs. */
  readonly responses: readonly TurnResponse[];
  /** The active agent when the turn settled. */
  readonly agent: Agent<Ctx>;
  /** What `errors$` reported while the turn was open. */
  readonly errors: readonly SessionError[];
}

/**
 * One exchange: a user input and everything the agents did about it (responses, tool calls,
 * follow-ups, handoffs) until the model yields. Get one from `sendText`, `createResponse`,
 * `commitAudio({ respond: true })`, or `session.turns$` (which also has the turns speech starts).
 *
 * The model **yields** when all of these hold at once: no conversation response is active or
 * requested (sent and unanswered, or waiting for the slot); no function call is running, waiting
 * for approval or being applied as a handoff; no follow-up response is pending; and, for a spoken
 * turn, the user has stopped speaking and the response server VAD creates (unless the session's
 * `turn_detection` sets `create_response: false`) has started.
 *
 * @example
 * ```ts
 * import type { RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * const turn = session.sendText('Where is my refund for INV-1001?');
 * turn.steps$.subscribe((step) => console.log(step.kind));
 * const result = await turn.done;
 * console.log(result.status, result.agent.name, result.text);
 * ```
 */
export interface Turn<Ctx = unknown> {
  /** `turn_1`, `turn_2`, … in the order the session's turns started. */
  readonly id: string;
  readonly input: TurnInput;
  /** The steps of the transcript as they finish; replays the earlier ones; completes when the turn settles. */
  readonly steps$: Observable<TurnStep>;
  /**
   * Resolves when the turn settles, with its {@link TurnResult}. Never rejects: an interruption, a
   * close, a failed or cancelled response are statuses, so a turn nobody awaits cannot cause an
   * unhandled rejection.
   */
  readonly done: Promise<TurnResult<Ctx>>;
}
