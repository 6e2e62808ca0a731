import type { ClientEventOf, ConversationItem, ServerEvent } from '@switchboard/core/protocol';
import { isBase64 } from '../audio/pcm.js';
import { ClientEventError } from './errors.js';
import { newId } from './ids.js';
import { type ItemsStore, UnknownItemError, withoutAudio } from './items-store.js';

/** What the item handlers need from their session. */
export interface ItemHost {
  readonly store: ItemsStore;
  emit(event: ServerEvent): void;
}

/** Content part types each role may carry (the API's rules for `conversation.item.create`). */
const PART_TYPES: Readonly<Record<string, readonly string[]>> = {
  system: ['input_text'],
  user: ['input_text', 'input_audio', 'input_image'],
  assistant: ['output_text', 'output_audio'],
};

/** The item as the server keeps it: with an id, `object`, `status` and the defaults the API fills in. */
function normalize(item: ConversationItem, store: ItemsStore): ConversationItem & { id: string } {
  const id = item.id ?? newId('item');
  if (item.id !== undefined && store.has(item.id)) {
    throw new ClientEventError('duplicate_item_id', `Item with id '${item.id}' already exists.`, 'item.id');
  }
  if (item.type === 'message') {
    const allowed = PART_TYPES[item.role] ?? [];
    item.content.forEach((part, index) => {
      const type = part.type ?? (item.role === 'assistant' ? 'output_text' : 'input_text');
      if (!allowed.includes(type)) {
        const supported = allowed.map((name) => `'${name}'`).join(', ');
        throw new ClientEventError(
          'invalid_value',
          `Invalid value: '${type}'. Supported values are: ${supported}.`,
          `item.content[${index}].type`,
        );
      }
      if (typeof part.audio === 'string' && !isBase64(part.audio)) {
        throw new ClientEventError(
          'invalid_value',
          `Invalid 'item.content[${index}].audio': expected base64-encoded audio bytes.`,
          `item.content[${index}].audio`,
        );
      }
    });
    const content = item.content.map((part) =>
      part.type === 'input_audio' || part.type === 'output_audio' ? { transcript: null, ...part } : part,
    );
    return { ...item, id, object: 'realtime.item', status: 'completed', content } as ConversationItem & {
      id: string;
    };
  }
  if (item.type === 'function_call') {
    return {
      ...item,
      id,
      object: 'realtime.item',
      status: 'completed',
      call_id: item.call_id ?? newId('call', 16),
    };
  }
  if (item.type === 'function_call_output' && !store.hasCall(item.call_id)) {
    throw new ClientEventError(
      'invalid_value',
      `Tool call ID '${item.call_id}' not found in conversation.`,
      'item.call_id',
    );
  }
  return { ...item, id, object: 'realtime.item', status: 'completed' } as ConversationItem & { id: string };
}

/** `conversation.item.create` → `conversation.item.added` + `conversation.item.done`. */
export function createItem(host: ItemHost, event: ClientEventOf<'conversation.item.create'>): void {
  const item = normalize(event.item, host.store);
  let previousItemId: string | null;
  try {
    previousItemId = host.store.insert(item, event.previous_item_id ?? undefined).previousItemId;
  } catch (error) {
    if (!(error instanceof UnknownItemError)) throw error;
    throw new ClientEventError(
      'item_create_invalid_previous_item_id',
      `Error adding item: the previous item with id '${error.itemId}' does not exist.`,
      'previous_item_id',
    );
  }
  const shown = withoutAudio(item);
  host.emit({
    type: 'conversation.item.added',
    event_id: newId('event'),
    previous_item_id: previousItemId,
    item: shown,
  });
  host.emit({
    type: 'conversation.item.done',
    event_id: newId('event'),
    previous_item_id: previousItemId,
    item: shown,
  });
}

/** `conversation.item.retrieve` → `conversation.item.retrieved`, audio included. */
export function retrieveItem(host: ItemHost, event: ClientEventOf<'conversation.item.retrieve'>): void {
  const stored = host.store.get(event.item_id);
  if (!stored) {
    throw new ClientEventError(
      'item_retrieve_invalid_item_id',
      `Error retrieving item: the item with id '${event.item_id}' does not exist.`,
      'item_id',
    );
  }
  let item = stored.item;
  if (stored.audio && item.type === 'message') {
    const audio = Buffer.concat(stored.audio.chunks).toString('base64');
    item = { ...item, content: item.content.map((part) => ({ ...part, audio })) } as ConversationItem;
  }
  host.emit({ type: 'conversation.item.retrieved', event_id: newId('event'), item });
}

/** `conversation.item.delete` → `conversation.item.deleted`. */
export function deleteItem(host: ItemHost, event: ClientEventOf<'conversation.item.delete'>): void {
  if (!host.store.delete(event.item_id)) {
    throw new ClientEventError(
      'item_delete_invalid_item_id',
      `Error deleting item: the item with id '${event.item_id}' does not exist.`,
      'item_id',
    );
  }
  host.emit({ type: 'conversation.item.deleted', event_id: newId('event'), item_id: event.item_id });
}

/**
 * `conversation.item.truncate` → `conversation.item.truncated`. The audio is cut at `audio_end_ms`;
 * the transcript, which has no word timings here, is cut in proportion (at a word boundary), so the
 * model's context keeps roughly what the user heard.
 */
export function truncateItem(host: ItemHost, event: ClientEventOf<'conversation.item.truncate'>): void {
  const stored = host.store.get(event.item_id);
  if (!stored) {
    throw new ClientEventError(
      'item_truncate_invalid_item_id',
      `Error truncating item: the item with id '${event.item_id}' does not exist.`,
      'item_id',
    );
  }
  const { item, audio } = stored;
  if (item.type !== 'message' || item.role !== 'assistant' || !audio) {
    throw new ClientEventError(
      'unsupported_content_type',
      'Only model output audio messages can be truncated',
      'item_id',
    );
  }
  if (item.status === 'in_progress') {
    throw new ClientEventError(
      'invalid_value',
      'Cannot truncate an item that is still being generated; cancel the response first.',
      'item_id',
    );
  }
  if (event.content_index !== 0) {
    throw new ClientEventError(
      'invalid_value',
      `Invalid 'content_index': the item has no audio content part at index ${event.content_index}.`,
      'content_index',
    );
  }
  const end = event.audio_end_ms;
  if (end < 0 || !Number.isInteger(end)) {
    throw new ClientEventError(
      'invalid_value',
      `Invalid 'audio_end_ms': expected a non-negative integer, but got ${end} instead.`,
      'audio_end_ms',
    );
  }
  const duration = Math.round(audio.durationMs);
  if (end > duration) {
    throw new ClientEventError(
      'invalid_value',
      `Audio content of ${duration}ms is already shorter than ${end}ms`,
      'audio_end_ms',
    );
  }
  const all = Buffer.concat(audio.chunks);
  const keep = Math.floor((all.length * end) / Math.max(1, audio.durationMs));
  audio.chunks.splice(0, audio.chunks.length, all.subarray(0, keep - (keep % 2)));
  const transcript = item.content[0]?.transcript ?? '';
  const cut = cutAtWord(transcript, audio.durationMs === 0 ? 0 : end / audio.durationMs);
  audio.durationMs = end;
  host.store.update(
    item.id as string,
    {
      ...item,
      content: [{ ...item.content[0], type: 'output_audio', transcript: cut }],
    } as ConversationItem,
  );
  host.emit({
    type: 'conversation.item.truncated',
    event_id: newId('event'),
    item_id: event.item_id,
    content_index: event.content_index,
    audio_end_ms: end,
  });
}

/** The first `ratio` of a text, ending at a word boundary. */
export function cutAtWord(text: string, ratio: number): string {
  if (ratio >= 1) return text;
  const at = Math.floor(text.length * ratio);
  if (at <= 0) return '';
  if (at >= text.length || /\s/.test(text[at] as string)) return text.slice(0, at).trimEnd();
  const space = text.lastIndexOf(' ', at);
  return space <= 0 ? '' : text.slice(0, space).trimEnd();
}
