import type { ConversationItem, ServerEvent } from '../protocol/index.js';
import { isStreamIndex } from '../protocol/stream-index.js';
import { DraftItems, type ItemStore } from './item-list.js';

/**
 * The conversation as the client knows it: items in server order, with text, transcripts and
 * function-call arguments accumulated from the streamed deltas. Audio bytes are never stored.
 */
export interface HistoryState {
  readonly items: readonly ConversationItem[];
}

/** The empty conversation. */
export const emptyHistory: HistoryState = Object.freeze({ items: Object.freeze([]) });

type ContentPart = Record<string, unknown> & { type?: string };

/** The events {@link applyToItems} reads; the rest (audio deltas above all) leave the state as it is. */
const CONVERSATION_EVENTS: ReadonlySet<string> = new Set([
  'conversation.item.added',
  'conversation.item.done',
  'response.output_item.done',
  'conversation.item.deleted',
  'conversation.item.truncated',
  'response.content_part.added',
  'response.output_text.delta',
  'response.output_audio_transcript.delta',
  'conversation.item.input_audio_transcription.delta',
  'conversation.item.input_audio_transcription.completed',
  'response.function_call_arguments.delta',
]);

/**
 * A pure reducer from server events to conversation state. Events that do not change the
 * conversation return the same state object, so the hot path (audio deltas) allocates nothing.
 * Items are found through an id → index map kept along the states, not by scanning them.
 *
 * Items enter the history only through `conversation.item.added` / `conversation.item.done`; deltas
 * for items the conversation does not hold (out-of-band responses with `conversation: "none"`) are
 * ignored, as the API keeps those out of the conversation too.
 *
 * @example
 * ```ts
 * import { emptyHistory, reduceHistory, type ServerEvent } from '@switchboard/core';
 *
 * declare const events: ServerEvent[];
 * const state = events.reduce(reduceHistory, emptyHistory);
 * console.log(state.items.map((item) => item.type));
 * ```
 */
export function reduceHistory(state: HistoryState, event: ServerEvent): HistoryState {
  if (!CONVERSATION_EVENTS.has(event.type)) return state;
  const draft = new DraftItems(state.items);
  applyToItems(draft, event);
  const items = draft.result;
  return items ? { items } : state;
}

/**
 * Applies one server event to a conversation's items (what {@link reduceHistory} does, on a draft of
 * an immutable state, and a session does in place).
 */
export function applyToItems(store: ItemStore, event: ServerEvent): void {
  switch (event.type) {
    case 'conversation.item.added':
      upsert(store, event.item, event.previous_item_id);
      return;
    case 'conversation.item.done':
      upsert(store, mergeFinal(find(store, event.item.id), event.item), event.previous_item_id);
      return;
    case 'response.output_item.done': {
      const existing = find(store, event.item.id);
      if (existing) upsert(store, mergeFinal(existing, event.item));
      return;
    }
    case 'conversation.item.deleted': {
      const index = store.indexOf(event.item_id);
      if (index !== -1) store.removeAt(index);
      return;
    }
    case 'conversation.item.truncated':
      // The API drops the transcript of a truncated audio part so no unheard text stays in context.
      updatePart(store, event.item_id, event.content_index, 'output_audio', (part) => ({
        ...part,
        transcript: '',
      }));
      return;
    case 'response.content_part.added': {
      // Streamed parts are typed `text` / `audio`; the finished item calls them `output_text` / `output_audio`.
      const type = event.part.type === 'audio' ? 'output_audio' : 'output_text';
      updatePart(store, event.item_id, event.content_index, type, () => ({ ...event.part, type }));
      return;
    }
    case 'response.output_text.delta':
      appendToPart(store, event.item_id, event.content_index, 'output_text', 'text', event.delta);
      return;
    case 'response.output_audio_transcript.delta':
      appendToPart(store, event.item_id, event.content_index, 'output_audio', 'transcript', event.delta);
      return;
    case 'conversation.item.input_audio_transcription.delta':
      appendToPart(
        store,
        event.item_id,
        event.content_index ?? 0,
        'input_audio',
        'transcript',
        event.delta ?? '',
      );
      return;
    case 'conversation.item.input_audio_transcription.completed':
      updatePart(store, event.item_id, event.content_index, 'input_audio', (part) => ({
        ...part,
        transcript: event.transcript,
      }));
      return;
    case 'response.function_call_arguments.delta':
      updateItem(store, event.item_id, (item) =>
        item.type === 'function_call' ? { ...item, arguments: (item.arguments ?? '') + event.delta } : item,
      );
      return;
    default:
      return;
  }
}

function find(store: ItemStore, id: string | undefined): ConversationItem | undefined {
  const index = store.indexOf(id);
  return index === -1 ? undefined : store.items[index];
}

function upsert(store: ItemStore, item: ConversationItem, previousItemId?: string | null): void {
  const existing = store.indexOf(item.id);
  if (existing !== -1) store.set(existing, item);
  else store.insert(item, previousItemId);
}

function updateItem(
  store: ItemStore,
  id: string,
  update: (item: ConversationItem) => ConversationItem,
): void {
  const index = store.indexOf(id);
  if (index === -1) return;
  const current = store.items[index] as ConversationItem;
  const next = update(current);
  if (next !== current) store.set(index, next);
}

function updatePart(
  store: ItemStore,
  itemId: string,
  contentIndex: number,
  partType: string,
  update: (part: ContentPart) => ContentPart,
): void {
  // Parsed events are bounded already; events an app reduces itself may not be.
  if (!isStreamIndex(contentIndex)) return;
  updateItem(store, itemId, (item) => {
    if (item.type !== 'message') return item;
    const content = (item.content as readonly ContentPart[] | undefined)?.slice() ?? [];
    const part = content[contentIndex] ?? { type: partType };
    content[contentIndex] = update(part);
    return { ...item, content } as ConversationItem;
  });
}

function appendToPart(
  store: ItemStore,
  itemId: string,
  contentIndex: number,
  partType: string,
  field: 'text' | 'transcript',
  delta: string,
): void {
  updatePart(store, itemId, contentIndex, partType, (part) => ({
    ...part,
    [field]: `${typeof part[field] === 'string' ? part[field] : ''}${delta}`,
  }));
}

/**
 * `conversation.item.done` carries the final item without audio; keep transcripts and text we
 * accumulated when the final item leaves them out.
 */
function mergeFinal(previous: ConversationItem | undefined, final: ConversationItem): ConversationItem {
  if (previous?.type !== 'message' || final.type !== 'message') return final;
  const before = (previous.content ?? []) as readonly ContentPart[];
  const after = (final.content ?? []) as readonly ContentPart[];
  const content = after.map((part, i) => {
    const old = before[i];
    if (!old) return part;
    const merged: ContentPart = { ...part };
    for (const field of ['text', 'transcript'] as const) {
      if ((merged[field] === undefined || merged[field] === null) && typeof old[field] === 'string') {
        merged[field] = old[field];
      }
    }
    return merged;
  });
  return { ...final, content } as ConversationItem;
}
