import type { ConversationItem } from '../protocol/index.js';

/**
 * The items a conversation event changes, as the history reducer sees them: found by id through an
 * id → index map (never a scan of the whole conversation), replaced, inserted or removed in place.
 */
export interface ItemStore {
  readonly items: readonly ConversationItem[];
  /** Where the item with `id` is, or -1. */
  indexOf(id: string | undefined): number;
  set(index: number, item: ConversationItem): void;
  /** After `previousItemId` (`null`: first; unknown or `undefined`: last). */
  insert(item: ConversationItem, previousItemId: string | null | undefined): void;
  removeAt(index: number): void;
}

/** The id → index map of `items` (the last index of an id seen twice). */
function indexItems(items: readonly ConversationItem[]): Map<string, number> {
  const ids = new Map<string, number>();
  items.forEach((item, index) => {
    if (item.id !== undefined) ids.set(item.id, index);
  });
  return ids;
}

/**
 * Where `id` is in `items` by `ids`: an entry is trusted only when the item there has that id (a
 * map shared by states reduced along different branches may point elsewhere; then the items are
 * scanned, latest first). An id the map lacks is not in `items`.
 */
function lookUp(
  items: readonly ConversationItem[],
  ids: Map<string, number>,
  id: string | undefined,
): number {
  if (id === undefined) return -1;
  const index = ids.get(id);
  if (index === undefined) return -1;
  if (items[index]?.id === id) return index;
  for (let at = items.length - 1; at >= 0; at--) if (items[at]?.id === id) return at;
  return -1;
}

/** Where to insert `item` into `items`, after `previousItemId`. */
function insertionPoint(store: ItemStore, previousItemId: string | null | undefined): number {
  if (previousItemId === null) return 0;
  const previous = store.indexOf(previousItemId);
  return previous === -1 ? store.items.length : previous + 1;
}

/**
 * The id maps of the reducer's states, by their items array. A replacement keeps every index, so the
 * new array shares its map; an append adds its entry to the shared map (the older, shorter array
 * never holds that id, see `lookUp`); inserting elsewhere or removing starts a new map, built at the
 * first lookup.
 */
const STATE_IDS = new WeakMap<readonly ConversationItem[], Map<string, number>>();

/**
 * An immutable state's items, copied at the first change (the reducer stays pure: a state it gave
 * out never changes). {@link result} is the new array, or `undefined` when nothing changed.
 */
export class DraftItems implements ItemStore {
  #items: readonly ConversationItem[];
  #copy: ConversationItem[] | undefined;
  /** The map of the base array and of the copy, while they share it. */
  #ids: Map<string, number> | undefined;

  constructor(items: readonly ConversationItem[]) {
    this.#items = items;
  }

  get items(): readonly ConversationItem[] {
    return this.#items;
  }

  /** The changed items (their id map registered), or `undefined`. */
  get result(): readonly ConversationItem[] | undefined {
    if (this.#copy && this.#ids) STATE_IDS.set(this.#copy, this.#ids);
    return this.#copy;
  }

  indexOf(id: string | undefined): number {
    return lookUp(this.#items, this.#sharedIds(), id);
  }

  set(index: number, item: ConversationItem): void {
    const ids = this.#sharedIds();
    this.#writable()[index] = item;
    this.#ids = ids;
  }

  insert(item: ConversationItem, previousItemId: string | null | undefined): void {
    const at = insertionPoint(this, previousItemId);
    const ids = at === this.#items.length ? this.#sharedIds() : undefined;
    this.#writable().splice(at, 0, item);
    if (ids && item.id !== undefined) ids.set(item.id, at);
    this.#ids = ids;
  }

  removeAt(index: number): void {
    this.#writable().splice(index, 1);
    this.#ids = undefined;
  }

  #sharedIds(): Map<string, number> {
    if (!this.#ids) {
      this.#ids = STATE_IDS.get(this.#items) ?? indexItems(this.#items);
      if (!this.#copy) STATE_IDS.set(this.#items, this.#ids);
    }
    return this.#ids;
  }

  #writable(): ConversationItem[] {
    if (!this.#copy) {
      this.#copy = this.#items.slice();
      this.#items = this.#copy;
    }
    return this.#copy;
  }
}

/**
 * A conversation one owner changes in place (a session's), with an exact id → index map: a long
 * call copies nothing per event. {@link changes} counts the changes, for readers who keep a copy.
 */
export class OwnedItems implements ItemStore {
  readonly #items: ConversationItem[] = [];
  /** Made at the first lookup; dropped when an insertion or removal moves items. */
  #ids: Map<string, number> | undefined;
  #changes = 0;

  get items(): readonly ConversationItem[] {
    return this.#items;
  }

  /** How many times the items changed. */
  get changes(): number {
    return this.#changes;
  }

  indexOf(id: string | undefined): number {
    this.#ids ??= indexItems(this.#items);
    return lookUp(this.#items, this.#ids, id);
  }

  set(index: number, item: ConversationItem): void {
    this.#items[index] = item;
    this.#changes += 1;
  }

  insert(item: ConversationItem, previousItemId: string | null | undefined): void {
    const at = insertionPoint(this, previousItemId);
    this.#items.splice(at, 0, item);
    if (at === this.#items.length - 1 && this.#ids && item.id !== undefined) this.#ids.set(item.id, at);
    else this.#ids = undefined;
    this.#changes += 1;
  }

  removeAt(index: number): void {
    this.#items.splice(index, 1);
    this.#ids = undefined;
    this.#changes += 1;
  }
}
