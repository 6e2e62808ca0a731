import type { ConversationItem, ServerEvent } from '../protocol/index.js';
import { isStreamIndex } from '../protocol/stream-index.js';

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

/**
 * A pure reducer from server events to conversation state. Events that do not change the
 * conversation return the same state object, so the hot path (audio deltas) allocates nothing.
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
  switch (event.type) {
    case 'conversation.item.added':
      return upsert(state, event.item, event.previous_item_id);
    case 'conversation.item.done':
      return upsert(state, mergeFinal(find(state, event.item.id), event.item), event.previous_item_id);
    case 'response.output_item.done':
      return find(state, event.item.id)
        ? upsert(state, mergeFinal(find(state, event.item.id), event.item))
        : state;
    case 'conversation.item.deleted':
      return remove(state, event.item_id);
    case 'conversation.item.truncated':
      // The API drops the transcript of a truncated audio part so no unheard text stays in context.
      return updatePart(state, event.item_id, event.content_index, 'output_audio', (part) => ({
        ...part,
        transcript: '',
      }));
    case 'response.content_part.added': {
      // Streamed parts are typed `text` / `audio`; the finished item calls them `output_text` / `output_audio`.
      const type = event.part.type === 'audio' ? 'output_audio' : 'output_text';
      return updatePart(state, event.item_id, event.content_index, type, () => ({ ...event.part, type }));
    }
    case 'response.output_text.delta':
      return appendToPart(state, event.item_id, event.content_index, 'output_text', 'text', event.delta);
    case 'response.output_audio_transcript.delta':
      return appendToPart(
        state,
        event.item_id,
        event.content_index,
        'output_audio',
        'transcript',
        event.delta,
      );
    case 'conversation.item.input_audio_transcription.delta':
      return appendToPart(
        state,
        event.item_id,
        event.content_index ?? 0,
        'input_audio',
        'transcript',
        event.delta ?? '',
      );
    case 'conversation.item.input_audio_transcription.completed':
      return updatePart(state, event.item_id, event.content_index, 'input_audio', (part) => ({
        ...part,
        transcript: event.transcript,
      }));
    case 'response.function_call_arguments.delta':
      return updateItem(state, event.item_id, (item) =>
        item.type === 'function_call' ? { ...item, arguments: (item.arguments ?? '') + event.delta } : item,
      );
    default:
      return state;
  }
}

function indexOf(state: HistoryState, id: string | undefined): number {
  if (id === undefined) return -1;
  // Recent items are the ones being streamed, so search from the end.
  for (let i = state.items.length - 1; i >= 0; i--) if (state.items[i]?.id === id) return i;
  return -1;
}

function find(state: HistoryState, id: string | undefined): ConversationItem | undefined {
  const index = indexOf(state, id);
  return index === -1 ? undefined : state.items[index];
}

function upsert(state: HistoryState, item: ConversationItem, previousItemId?: string | null): HistoryState {
  const existing = indexOf(state, item.id);
  if (existing !== -1) {
    const items = state.items.slice();
    items[existing] = item;
    return { items };
  }
  const items = state.items.slice();
  if (previousItemId === null) {
    items.unshift(item);
  } else {
    const previous = indexOf(state, previousItemId);
    if (previous === -1) items.push(item);
    else items.splice(previous + 1, 0, item);
  }
  return { items };
}

function remove(state: HistoryState, id: string): HistoryState {
  const index = indexOf(state, id);
  if (index === -1) return state;
  return { items: state.items.filter((_, i) => i !== index) };
}

function updateItem(
  state: HistoryState,
  id: string,
  update: (item: ConversationItem) => ConversationItem,
): HistoryState {
  const index = indexOf(state, id);
  if (index === -1) return state;
  const current = state.items[index] as ConversationItem;
  const next = update(current);
  if (next === current) return state;
  const items = state.items.slice();
  items[index] = next;
  return { items };
}

function updatePart(
  state: HistoryState,
  itemId: string,
  contentIndex: number,
  partType: string,
  update: (part: ContentPart) => ContentPart,
): HistoryState {
  // Parsed events are bounded already; events an app reduces itself may not be.
  if (!isStreamIndex(contentIndex)) return state;
  return updateItem(state, itemId, (item) => {
    if (item.type !== 'message') return item;
    const content = (item.content as readonly ContentPart[] | undefined)?.slice() ?? [];
    const part = content[contentIndex] ?? { type: partType };
    content[contentIndex] = update(part);
    return { ...item, content } as ConversationItem;
  });
}

function appendToPart(
  state: HistoryState,
  itemId: string,
  contentIndex: number,
  partType: string,
  field: 'text' | 'transcript',
  delta: string,
): HistoryState {
  return updatePart(state, itemId, contentIndex, partType, (part) => ({
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
