import type { ConversationItem } from '@switchboard/core/protocol';

/** Audio the server produced for an assistant item, kept for `retrieve` and `truncate`. */
export interface StoredAudio {
  /** Wire bytes in the output format, chunk by chunk. */
  readonly chunks: Buffer[];
  /** Milliseconds of audio so far. */
  durationMs: number;
}

/** One conversation item with what the server keeps beside it. */
export interface StoredItem {
  item: ConversationItem;
  /** Set for assistant audio messages. */
  audio?: StoredAudio;
}

/** Where an item went: the id of the item before it (`null` at the start). */
export interface Placement {
  readonly previousItemId: string | null;
}

/** A `previous_item_id` that names no item. */
export class UnknownItemError extends Error {
  override readonly name = 'UnknownItemError';
  readonly code = 'unknown_item';
  constructor(readonly itemId: string) {
    super(`no item with id '${itemId}'`);
  }
}

/**
 * The default conversation: items in order, looked up by id. Insertion honours `previous_item_id`
 * (`'root'` puts the item first, as the API documents).
 */
export class ItemsStore {
  readonly #order: string[] = [];
  readonly #byId = new Map<string, StoredItem>();

  /** Number of items. */
  get size(): number {
    return this.#order.length;
  }

  /** Whether an item with this id exists. */
  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** The stored item, or undefined. */
  get(id: string): StoredItem | undefined {
    return this.#byId.get(id);
  }

  /** The id of the last item, or null when empty. */
  lastId(): string | null {
    return this.#order[this.#order.length - 1] ?? null;
  }

  /**
   * Inserts an item (which must have an `id`) after `previousItemId`, at the start for `'root'`, or at
   * the end when absent. Throws {@link UnknownItemError} when `previousItemId` names no item.
   */
  insert(
    item: ConversationItem & { id: string },
    previousItemId?: string | null,
    audio?: StoredAudio,
  ): Placement {
    let index = this.#order.length;
    if (previousItemId === 'root') index = 0;
    else if (previousItemId !== undefined && previousItemId !== null) {
      const at = this.#order.indexOf(previousItemId);
      if (at === -1) throw new UnknownItemError(previousItemId);
      index = at + 1;
    }
    this.#order.splice(index, 0, item.id);
    this.#byId.set(item.id, audio ? { item, audio } : { item });
    return { previousItemId: index === 0 ? null : (this.#order[index - 1] as string) };
  }

  /** Replaces the item object of an existing entry (streamed items change as they complete). */
  update(id: string, item: ConversationItem): void {
    const stored = this.#byId.get(id);
    if (stored) stored.item = item;
  }

  /** Removes an item; false when there was none. */
  delete(id: string): boolean {
    if (!this.#byId.delete(id)) return false;
    this.#order.splice(this.#order.indexOf(id), 1);
    return true;
  }

  /** All items, oldest first. */
  items(): ConversationItem[] {
    return this.#order.map((id) => (this.#byId.get(id) as StoredItem).item);
  }

  /** Whether any function call item has this `call_id`. */
  hasCall(callId: string): boolean {
    for (const { item } of this.#byId.values()) {
      if (item.type === 'function_call' && item.call_id === callId) return true;
    }
    return false;
  }
}

/**
 * An item as events show it: without audio bytes (the API leaves them out of `conversation.item.*`
 * and `response.*` events; `conversation.item.retrieved` has them).
 */
export function withoutAudio(item: ConversationItem): ConversationItem {
  if (item.type !== 'message') return item;
  if (!item.content.some((part) => part.audio !== undefined)) return item;
  const content = item.content.map((part) => {
    if (part.audio === undefined) return part;
    const { audio: _audio, ...rest } = part;
    return rest;
  });
  return { ...item, content } as ConversationItem;
}
