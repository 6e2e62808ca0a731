import { RecentIds } from '../pipeline/recent-ids.js';

/** Items ended lately (tripped or complete): their late deltas are not watched again. */
const ENDED_ITEMS_KEPT = 64;

/** When a growing transcript is checked (see {@link TranscriptWatch}). */
export interface WatchTiming {
  /** Quiet time after the latest delta before the text is checked. */
  readonly debounceMs: number;
  /** The longest a delta waits for its check while deltas keep coming. */
  readonly maxWaitMs: number;
}

/** One watched item: its text so far, and where its checks are. */
interface Watched<Meta> {
  readonly itemId: string;
  readonly meta: Meta;
  text: string;
  /** How much of `text` the latest check started on saw. */
  checked: number;
  /** When the oldest delta not checked yet arrived. */
  pendingSince: number | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  running: boolean;
  complete: boolean;
}

/**
 * Runs `check` over the text of items that arrive in deltas: debounced (a burst of deltas is checked
 * once, `debounceMs` after the latest, and never later than `maxWaitMs` after the oldest unchecked
 * one), one check at a time per item (text that arrives meanwhile is checked next), and at once when
 * the item is complete, over the whole text, unless all of it was checked already. An item whose
 * check returns `true` (it tripped) is no longer watched.
 */
export class TranscriptWatch<Meta> {
  readonly #items = new Map<string, Watched<Meta>>();
  readonly #ended = new RecentIds(ENDED_ITEMS_KEPT);
  readonly #timing: WatchTiming;
  readonly #check: (itemId: string, text: string, meta: Meta) => Promise<boolean>;

  constructor(timing: WatchTiming, check: (itemId: string, text: string, meta: Meta) => Promise<boolean>) {
    this.#timing = timing;
    this.#check = check;
  }

  /** More text of `itemId` (`meta` is kept from its first delta). */
  append(itemId: string, delta: string, meta: Meta): void {
    const item = this.#item(itemId, meta);
    if (!item || item.complete) return;
    item.text += delta;
    item.pendingSince ??= Date.now();
    if (!item.running) this.#schedule(item);
  }

  /** `itemId` is complete; `text` (when the server sends it whole) replaces what the deltas gave. */
  complete(itemId: string, text: string | undefined, meta: Meta): void {
    const item = this.#item(itemId, meta);
    if (!item) return;
    if (text !== undefined && text !== item.text) {
      // What was checked is still checked only if the whole text begins with it.
      if (!text.startsWith(item.text.slice(0, item.checked))) item.checked = 0;
      item.text = text;
    }
    item.complete = true;
    clearTimeout(item.timer);
    item.timer = undefined;
    if (!item.running) this.#next(item);
  }

  /** Stops watching `itemId`, for good (a check still running is left to end, unheard). */
  forget(itemId: string): void {
    this.#ended.add(itemId);
    const item = this.#items.get(itemId);
    if (!item) return;
    clearTimeout(item.timer);
    this.#items.delete(itemId);
  }

  /** Stops watching everything (a new connection: its items are new ones). */
  reset(): void {
    for (const item of this.#items.values()) clearTimeout(item.timer);
    this.#items.clear();
    this.#ended.clear();
  }

  #item(itemId: string, meta: Meta): Watched<Meta> | undefined {
    if (this.#ended.has(itemId)) return undefined;
    let item = this.#items.get(itemId);
    if (!item) {
      item = {
        itemId,
        meta,
        text: '',
        checked: 0,
        pendingSince: undefined,
        timer: undefined,
        running: false,
        complete: false,
      };
      this.#items.set(itemId, item);
    }
    return item;
  }

  #schedule(item: Watched<Meta>): void {
    clearTimeout(item.timer);
    const { debounceMs, maxWaitMs } = this.#timing;
    const latest = (item.pendingSince ?? Date.now()) + maxWaitMs - Date.now();
    item.timer = setTimeout(() => this.#run(item), Math.max(0, Math.min(debounceMs, latest)));
  }

  /** After a check, or once complete: checks what is new, or ends the watch of a complete item. */
  #next(item: Watched<Meta>): void {
    if (this.#items.get(item.itemId) !== item) return;
    if (item.checked < item.text.length) {
      if (item.complete) this.#run(item);
      else this.#schedule(item);
    } else if (item.complete) this.forget(item.itemId);
  }

  #run(item: Watched<Meta>): void {
    item.timer = undefined;
    if (this.#items.get(item.itemId) !== item) return;
    const blank = item.text.trim() === '';
    item.checked = item.text.length;
    item.pendingSince = undefined;
    if (blank) {
      this.#next(item);
      return;
    }
    item.running = true;
    const ended = (tripped: boolean) => {
      item.running = false;
      if (tripped) this.forget(item.itemId);
      else this.#next(item);
    };
    // The check settles with a verdict by contract; a rejection still ends the round, never unobserved.
    this.#check(item.itemId, item.text, item.meta).then(ended, () => ended(false));
  }
}
