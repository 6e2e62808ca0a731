import { type Observable, Subject } from 'rxjs';
import { isOutOfBand } from '../pipeline/response-calls.js';
import type { ServerEvent } from '../protocol/index.js';
import { costOf, type PriceTable, pricesFor } from './pricing.js';
import { addTokens, NO_TOKENS, type TokenUsage, tokenUsage } from './token-usage.js';

/** What a session has used so far. */
export interface SessionUsage {
  /** The model the server last reported (`session.created` / `session.updated`), if it did. */
  readonly model: string | undefined;
  /** Responses whose `response.done` carried usage. */
  readonly responses: number;
  readonly tokens: TokenUsage;
  /** The cost of the priced responses, in US dollars. */
  readonly costUsd: number;
  /** Responses whose model is not in the price table: counted in `tokens`, not in `costUsd`. */
  readonly unpricedResponses: number;
}

/** One response's usage and cost, with the session's totals after it (an item of `session.usage$`). */
export interface ResponseUsage {
  readonly responseId: string;
  /** The model that answered (as the server last reported it), if known. */
  readonly model: string | undefined;
  /** The response was out of band (`conversation: 'none'`). */
  readonly outOfBand: boolean;
  readonly tokens: TokenUsage;
  /** In US dollars; `undefined` when the model is not in the price table. */
  readonly costUsd: number | undefined;
  /** The session's usage including this response. */
  readonly session: SessionUsage;
}

/** The usage nobody has spent yet. */
const NO_USAGE: SessionUsage = {
  model: undefined,
  responses: 0,
  tokens: NO_TOKENS,
  costUsd: 0,
  unpricedResponses: 0,
};

/**
 * Adds up the `usage` of every `response.done` a session receives and prices it with the session's
 * price table (see {@link priceTable}). Its stream is made on first use: an idle session pays for
 * a few numbers only.
 */
export class UsageMeter {
  readonly #prices: PriceTable;
  #usage: SessionUsage = NO_USAGE;
  #responses: Subject<ResponseUsage> | undefined;
  #completed = false;

  constructor(prices: PriceTable) {
    this.#prices = prices;
  }

  /** One item per `response.done` with usage, from the first subscription on. */
  get usage$(): Observable<ResponseUsage> {
    if (!this.#responses) {
      this.#responses = new Subject<ResponseUsage>();
      if (this.#completed) this.#responses.complete();
    }
    return this.#responses.asObservable();
  }

  /** The totals so far. */
  get usage(): SessionUsage {
    return this.#usage;
  }

  /** Reads one server event; returns the response's usage when it is a `response.done` that has one. */
  observe(event: ServerEvent): ResponseUsage | undefined {
    if (event.type === 'session.created' || event.type === 'session.updated') {
      const { model } = event.session;
      if (typeof model === 'string' && model !== this.#usage.model) this.#usage = { ...this.#usage, model };
      return undefined;
    }
    if (event.type !== 'response.done' || !event.response.usage) return undefined;
    const { model } = this.#usage;
    const tokens = tokenUsage(event.response.usage);
    const prices = model === undefined ? undefined : pricesFor(model, this.#prices);
    const costUsd = prices ? costOf(tokens, prices) : undefined;
    const before = this.#usage;
    this.#usage = {
      model,
      responses: before.responses + 1,
      tokens: addTokens(before.tokens, tokens),
      costUsd: before.costUsd + (costUsd ?? 0),
      unpricedResponses: before.unpricedResponses + (costUsd === undefined ? 1 : 0),
    };
    const used: ResponseUsage = {
      responseId: event.response.id ?? '',
      model,
      outOfBand: isOutOfBand(event.response),
      tokens,
      costUsd,
      session: this.#usage,
    };
    this.#responses?.next(used);
    return used;
  }

  complete(): void {
    this.#completed = true;
    this.#responses?.complete();
  }
}
