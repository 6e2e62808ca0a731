import { FunctionResultError, SessionArgumentError } from '../errors/session-errors.js';
import { serializeResult } from '../pipeline/tool-runner.js';
import type {
  ClientEventOf,
  ConversationItem,
  FunctionCallOutputItem,
  MessageItem,
  MessageRole,
} from '../protocol/index.js';

// The client events the session's methods send, built and checked here: a bad argument is refused
// with a SessionArgumentError before anything goes out.

/** Options of `session.sendText()`. */
export interface SendTextOptions {
  /** Who says it: `user` (default), `system` (a note to the model mid-call), `assistant`. */
  readonly role?: MessageRole;
  /** Ask for a response (default `true`). */
  readonly respond?: boolean;
}

/** A text message of `role`: user and system text is `input_text`, assistant text `output_text`. */
export function textMessage(text: string, role: MessageRole): MessageItem {
  switch (role) {
    case 'assistant':
      return { type: 'message', role, content: [{ type: 'output_text', text }] };
    case 'user':
    case 'system':
      return { type: 'message', role, content: [{ type: 'input_text', text }] };
    default:
      throw new SessionArgumentError('sendText', 'role', role, "'user', 'system' or 'assistant'");
  }
}

/** `conversation.item.create` of `item`, after `previousItemId` when one is given (`null`: first). */
export function itemCreate(
  item: ConversationItem,
  previousItemId: string | null | undefined,
): ClientEventOf<'conversation.item.create'> {
  return previousItemId === undefined
    ? { type: 'conversation.item.create', item }
    : { type: 'conversation.item.create', item, previous_item_id: previousItemId };
}

/** `response.cancel` of the active response, or of `responseId`. */
export function responseCancel(responseId: string | undefined): ClientEventOf<'response.cancel'> {
  return responseId === undefined
    ? { type: 'response.cancel' }
    : { type: 'response.cancel', response_id: responseId };
}

/** The item id, or a {@link SessionArgumentError} for one the API cannot name an item by. */
export function checkItemId(operation: string, itemId: unknown): string {
  if (typeof itemId !== 'string' || itemId === '')
    throw new SessionArgumentError(operation, 'itemId', itemId, 'a non-empty string');
  return itemId;
}

/**
 * The position in audio, or a {@link SessionArgumentError} for one the API cannot take: a `NaN`
 * would be sent as `null` (the API rejects it), a negative or infinite one is refused by it.
 */
export function checkAudioPosition(operation: string, field: string, ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw new SessionArgumentError(operation, field, ms, 'a finite number of milliseconds ≥ 0');
  return ms;
}

/**
 * `conversation.item.truncate` at `audioEndMs`, in whole milliseconds (rounded down: never past
 * what was heard). A `NaN` would be sent as `null` and refused by the API, so it is refused here.
 */
export function truncation(
  itemId: string,
  audioEndMs: number,
  contentIndex: number,
): ClientEventOf<'conversation.item.truncate'> {
  const operation = 'truncateItem';
  checkItemId(operation, itemId);
  checkAudioPosition(operation, 'audioEndMs', audioEndMs);
  if (!Number.isSafeInteger(contentIndex) || contentIndex < 0)
    throw new SessionArgumentError(operation, 'contentIndex', contentIndex, 'an integer ≥ 0');
  return {
    type: 'conversation.item.truncate',
    item_id: itemId,
    content_index: contentIndex,
    audio_end_ms: Math.floor(audioEndMs),
  };
}

/** The `function_call_output` of a result the app sends by hand (strings as they are, else JSON). */
export function functionOutput(callId: string, result: unknown): FunctionCallOutputItem {
  if (typeof callId !== 'string' || callId === '')
    throw new SessionArgumentError('sendFunctionResult', 'callId', callId, 'a non-empty string');
  const output = serializeResult(result);
  if (!output.ok)
    throw new FunctionResultError('invalid_result', callId, `its result cannot be sent (${output.reason})`, {
      cause: output.cause,
    });
  return { type: 'function_call_output', call_id: callId, output: output.text };
}
