import type { ClientEvent, ClientEventOf, ConversationItem, ServerEvent } from '../protocol/index.js';
import type { HistoryState } from './history.js';

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

/** How many unechoed outputs are kept for a reconnect (a server that never echoes cannot grow it further). */
const UNECHOED_CAPACITY = 256;

/**
 * Function call outputs delivered on the current connection that the server has not echoed yet
 * (`conversation.item.added`). They are in no history to restore, so after a reconnect they are
 * sent again on the new connection, once.
 */
export class UnechoedOutputs {
  readonly #outputs = new Map<string, ItemCreate>();

  /** Notes a client event put on the wire. */
  delivered(event: ClientEvent): void {
    if (event.type !== 'conversation.item.create' || event.item.type !== 'function_call_output') return;
    const callId = event.item.call_id;
    this.#outputs.delete(callId);
    this.#outputs.set(callId, event);
    if (this.#outputs.size > UNECHOED_CAPACITY)
      this.#outputs.delete(this.#outputs.keys().next().value as string);
  }

  /** The server echoes a created item: that output is in the conversation (and its history). */
  observe(event: ServerEvent): void {
    if (event.type !== 'conversation.item.added' && event.type !== 'conversation.item.done') return;
    if (event.item.type === 'function_call_output') this.#outputs.delete(event.item.call_id);
  }

  /** The outputs to send again on a new connection; forgotten here until they are delivered again. */
  take(): ItemCreate[] {
    const outputs = [...this.#outputs.values()];
    this.#outputs.clear();
    return outputs;
  }

  get size(): number {
    return this.#outputs.size;
  }

  clear(): void {
    this.#outputs.clear();
  }
}
