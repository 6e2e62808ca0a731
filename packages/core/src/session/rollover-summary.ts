import { SessionOptionError } from '../errors/config-errors.js';
import { RolloverSummaryError } from '../errors/session-errors.js';
import { guardedCall } from '../pipeline/guarded-call.js';
import type { ConversationItem } from '../protocol/index.js';
import type { HistoryState } from './history.js';

/**
 * A long conversation restored as a summary plus its latest items at a planned rollover.
 *
 * @example
 * ```ts
 * import type { RolloverSummaryOptions } from '@switchboard/core';
 *
 * const summary: RolloverSummaryOptions = {
 *   keepItems: 20,
 *   summarize: async (items) => `The caller (${items.length} earlier items) wants a refund for INV-1001.`,
 * };
 * ```
 */
export interface RolloverSummaryOptions {
  /**
   * Summarizes the older items (a previous summary among them, as a system message). Runs on the
   * guarded path under the session's `toolTimeoutMs`; what it throws, or an empty text, keeps the
   * full text history and reports a {@link RolloverSummaryError}.
   */
  readonly summarize: (
    items: readonly ConversationItem[],
    ctx: { readonly signal: AbortSignal },
  ) => string | Promise<string>;
  /** How many of the latest items are restored as they are (default 20); older ones are summarized. */
  readonly keepItems?: number;
}

const DEFAULT_KEEP_ITEMS = 20;

/** What the summary covers: its text, the last item it stands for, the id of its own item. */
interface Summary {
  readonly text: string;
  readonly throughId: string;
  readonly itemId: string;
}

/** Checks the `rollover.summary` option; throws a {@link SessionOptionError} naming the field. */
export function checkSummaryOptions(options: RolloverSummaryOptions | undefined): void {
  if (options === undefined) return;
  if (typeof options.summarize !== 'function')
    throw new SessionOptionError('rollover.summary.summarize', options.summarize, 'a function');
  const keep = options.keepItems;
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
    throw new SessionOptionError('rollover.summary.keepItems', keep, 'a whole number ≥ 1');
}

/**
 * The summary a session restores instead of a long conversation's older items. {@link refresh}
 * (before a planned rollover) summarizes what lies before the latest `keepItems`, never splitting
 * a function call from its output; {@link view} is what a new connection then gets: the summary as
 * a system message, then the items after the ones it covers.
 */
export class ConversationSummary {
  readonly #options: RolloverSummaryOptions | undefined;
  readonly #timeoutMs: number;
  #current: Summary | undefined;
  #count = 0;
  #lastViewSummarized = false;

  constructor(options: RolloverSummaryOptions | undefined, timeoutMs: number) {
    this.#options = options;
    this.#timeoutMs = timeoutMs;
  }

  /** Whether the latest {@link view} began with the summary. */
  get lastViewSummarized(): boolean {
    return this.#lastViewSummarized;
  }

  /** The conversation to restore: the summary and the items after it, or the history as it is. */
  view(history: HistoryState): HistoryState {
    this.#lastViewSummarized = false;
    const summary = this.#current;
    if (!summary) return history;
    const through = history.items.findIndex((item) => item.id === summary.throughId);
    if (through === -1) return history;
    this.#lastViewSummarized = true;
    const message = {
      type: 'message',
      id: summary.itemId,
      role: 'system',
      content: [{ type: 'input_text', text: `Summary of the conversation so far: ${summary.text}` }],
    } as ConversationItem;
    return { items: [message, ...history.items.slice(through + 1)] };
  }

  /**
   * Summarizes the older items when the conversation to restore is longer than `keepItems`.
   * Resolves with the failure, if any (the previous view stays).
   */
  async refresh(history: HistoryState, signal: AbortSignal): Promise<RolloverSummaryError | undefined> {
    const options = this.#options;
    if (!options) return undefined;
    const items = this.view(history).items;
    let cut = items.length - (options.keepItems ?? DEFAULT_KEEP_ITEMS);
    // The kept part starts at a message: a function call and its output stay together.
    while (cut > 0 && cut < items.length && items[cut]?.type !== 'message') cut += 1;
    const throughId = items[cut - 1]?.id;
    if (cut <= 0 || cut >= items.length || throughId === undefined) return undefined;
    const older = items.slice(0, cut);
    const ran = await guardedCall((own) => options.summarize(older, { signal: own }), {
      signal,
      timeoutMs: this.#timeoutMs,
    });
    if (ran.status === 'threw') return new RolloverSummaryError(ran.error);
    if (ran.status === 'timed_out') return new RolloverSummaryError(`timed out after ${ran.timeoutMs} ms`);
    if (ran.status === 'aborted') return new RolloverSummaryError(`aborted (${String(ran.reason)})`);
    if (typeof ran.value !== 'string' || ran.value.trim() === '')
      return new RolloverSummaryError(`summarize returned ${JSON.stringify(ran.value)}, not a text`);
    this.#current = { text: ran.value, throughId, itemId: `summary_${++this.#count}` };
    return undefined;
  }
}
