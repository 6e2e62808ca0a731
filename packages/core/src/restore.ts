import type { HistoryState } from './history.js';
import type { ClientEventOf, ConversationItem } from './protocol/index.js';

type ItemCreate = ClientEventOf<'conversation.item.create'>;
type Part = { type?: string; text?: unknown; transcript?: unknown };

/**
 * The `conversation.item.create` events that rebuild a conversation's text on a new connection
 * after a reconnect. Items keep their ids, so the server's echoes update the history in place
 * instead of duplicating it. Audio cannot be re-sent (the API rejects assistant audio in created
 * items), so audio parts become their transcripts; items with no text left are skipped.
 */
export function restoreEvents(history: HistoryState): ItemCreate[] {
  const events: ItemCreate[] = [];
  let previous: string | undefined;
  for (const item of history.items) {
    const restored = restorable(item);
    if (!restored) continue;
    events.push({
      type: 'conversation.item.create',
      ...(previous ? { previous_item_id: previous } : {}),
      item: restored,
    });
    previous = restored.id;
  }
  return events;
}

function restorable(item: ConversationItem): ConversationItem | undefined {
  switch (item.type) {
    case 'function_call':
      return {
        type: 'function_call',
        id: item.id,
        call_id: item.call_id,
        name: item.name,
        arguments: item.arguments ?? '',
      } as ConversationItem;
    case 'function_call_output':
      return {
        type: 'function_call_output',
        id: item.id,
        call_id: item.call_id,
        output: item.output,
      } as ConversationItem;
    case 'message': {
      const text = ((item.content ?? []) as readonly Part[])
        .map((part) =>
          typeof part.text === 'string'
            ? part.text
            : typeof part.transcript === 'string'
              ? part.transcript
              : '',
        )
        .join('');
      if (text === '') return undefined;
      const partType = item.role === 'assistant' ? 'output_text' : 'input_text';
      return {
        type: 'message',
        id: item.id,
        role: item.role,
        content: [{ type: partType, text }],
      } as ConversationItem;
    }
    default:
      return undefined;
  }
}
