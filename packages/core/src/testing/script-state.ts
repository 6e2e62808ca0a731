import type { ConversationItem, ServerEvent } from '../protocol/index.js';

/** How a scripted response ends. */
export type ScriptedStatus = 'completed' | 'cancelled' | 'failed' | 'incomplete';

/**
 * What a server script remembers between builders: a counter for fresh ids, and the last item of
 * the conversation (the `previous_item_id` of the next one).
 */
export class ScriptState {
  #counter = 0;
  #lastItemId: string | null = null;

  /** A fresh id: `resp_1`, `item_2`, … */
  id(prefix: string): string {
    return `${prefix}_${++this.#counter}`;
  }

  eventId(): string {
    return this.id('event');
  }

  /** Puts `itemId` at the end of the conversation; returns the item before it. */
  place(itemId: string | null): string | null {
    const previous = this.#lastItemId;
    this.#lastItemId = itemId;
    return previous;
  }

  /** The item before the next one, without placing anything. */
  get lastItemId(): string | null {
    return this.#lastItemId;
  }

  /** `conversation.item.added` + `done` for an item the server adds at once. */
  itemAdded(item: ConversationItem): ServerEvent[] {
    const previous = this.place(item.id ?? null);
    return [
      { type: 'conversation.item.added', event_id: this.eventId(), previous_item_id: previous, item },
      { type: 'conversation.item.done', event_id: this.eventId(), previous_item_id: previous, item },
    ];
  }

  /** `response.created` for a conversation response. */
  responseCreated(responseId: string, modality: 'text' | 'audio'): ServerEvent {
    return {
      type: 'response.created',
      event_id: this.eventId(),
      response: responseShell(responseId, 'in_progress', [], modality),
    };
  }

  /** `response.done` with the whole output, then `rate_limits.updated`. */
  responseEnd(
    responseId: string,
    output: ConversationItem[],
    status: ScriptedStatus,
    modality: 'text' | 'audio',
  ): ServerEvent[] {
    return [
      {
        type: 'response.done',
        event_id: this.eventId(),
        response: responseShell(responseId, status, output, modality),
      },
      { type: 'rate_limits.updated', event_id: this.eventId(), rate_limits: [] },
    ];
  }
}

function responseShell(
  responseId: string,
  status: ScriptedStatus | 'in_progress',
  output: ConversationItem[],
  modality: 'text' | 'audio',
) {
  return {
    id: responseId,
    object: 'realtime.response' as const,
    status,
    conversation_id: 'conv_1',
    output_modalities: [modality],
    output,
  };
}
