import type { ConversationItem } from '@switchboard/core/protocol';
import type { StoredAudio } from './items-store.js';

/** Lifecycle status of an output item. */
export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

/**
 * An output item being streamed: an assistant message (text or audio) or a function call. Holds what
 * has been streamed so far, so that a cancellation can close it with the content already sent.
 */
export interface OpenItem {
  readonly id: string;
  readonly outputIndex: number;
  readonly kind: 'text' | 'audio' | 'call';
  /** Text, transcript or arguments streamed so far. */
  text: string;
  /** Whether `response.content_part.added` was sent (messages). */
  partOpen: boolean;
  readonly name?: string;
  readonly callId?: string;
  /** Audio produced so far (audio messages). */
  readonly audio?: StoredAudio;
}

/**
 * The item as events show it. While `in_progress` a message has no content yet (as in the API's
 * `response.output_item.added`); once done it carries its `output_text` / `output_audio` part.
 */
export function itemSnapshot(open: OpenItem, status: ItemStatus): ConversationItem & { id: string } {
  const base = { id: open.id, object: 'realtime.item' as const, status };
  if (open.kind === 'call') {
    return {
      ...base,
      type: 'function_call',
      name: open.name ?? '',
      call_id: open.callId ?? '',
      arguments: status === 'in_progress' ? '' : open.text,
    };
  }
  const content =
    status === 'in_progress'
      ? []
      : open.kind === 'text'
        ? [{ type: 'output_text' as const, text: open.text }]
        : [{ type: 'output_audio' as const, transcript: open.text }];
  return { ...base, type: 'message', role: 'assistant', content };
}

/** The streamed form of a content part (`response.content_part.*` call them `text` / `audio`). */
export function streamedPart(
  open: OpenItem,
): { type: 'text'; text: string } | { type: 'audio'; transcript: string } {
  return open.kind === 'audio' ? { type: 'audio', transcript: open.text } : { type: 'text', text: open.text };
}
