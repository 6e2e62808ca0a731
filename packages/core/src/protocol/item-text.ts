import type { ContentPart, ConversationItem, MessageItem } from './items.js';

/** The role of a message item: `system`, `user` or `assistant`. */
export type MessageRole = MessageItem['role'];

/**
 * The text a content part carries: its `text`, else the transcript of its audio, else `''` (an
 * image, or audio whose transcript is not there).
 *
 * @example
 * ```ts
 * import { partText } from '@switchboard/core';
 *
 * partText({ type: 'output_audio', transcript: 'Hello!' }); // 'Hello!'
 * ```
 */
export function partText(part: ContentPart): string {
  return part.text ?? part.transcript ?? '';
}

/**
 * The text of a message item, whatever its role: its text parts and audio transcripts in order,
 * joined. Any other item (a function call, its output, an MCP item) gives `''`.
 *
 * @example
 * ```ts
 * import { itemText, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * for (const item of session.history.items) console.log(item.type, itemText(item));
 * ```
 */
export function itemText(item: ConversationItem): string {
  if (item.type !== 'message') return '';
  let text = '';
  for (const part of item.content) text += partText(part);
  return text;
}

/**
 * True when `item` is a message; narrows it, and `item.role` then narrows it further (the
 * content parts get the role's part types). It takes one argument, so `items.filter(isMessageItem)`
 * is safe.
 *
 * @example
 * ```ts
 * import { isMessageItem, itemText, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * const replies = session.history.items
 *   .filter(isMessageItem)
 *   .filter((item) => item.role === 'assistant')
 *   .map(itemText);
 * ```
 */
export function isMessageItem(item: ConversationItem): item is MessageItem {
  return item.type === 'message';
}
