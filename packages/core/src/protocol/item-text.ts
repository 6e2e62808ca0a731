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
 * True when `item` is a message, of `role` when one is given; narrows the item (its `content`
 * parts then have the role's part types).
 *
 * @example
 * ```ts
 * import { isMessageItem, itemText, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * const replies = session.history.items.filter((item) => isMessageItem(item, 'assistant')).map(itemText);
 * ```
 */
export function isMessageItem<R extends MessageRole = MessageRole>(
  item: ConversationItem,
  role?: R,
): item is Extract<MessageItem, { readonly role: R }> {
  return item.type === 'message' && (role === undefined || item.role === role);
}
