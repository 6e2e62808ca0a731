import type { TokenUsage } from './token-usage.js';

/** What a model charges, in US dollars per million tokens. */
export interface ModelPrices {
  readonly textInput: number;
  readonly textCachedInput: number;
  readonly textOutput: number;
  readonly audioInput: number;
  readonly audioCachedInput: number;
  readonly audioOutput: number;
  /** Image input (absent: priced as text input). */
  readonly imageInput?: number;
  /** Cached image input (absent: priced as cached text input). */
  readonly imageCachedInput?: number;
}

/** Prices per model name. A dated snapshot (`gpt-realtime-2025-08-28`) uses its base name's entry. */
export type PriceTable = Readonly<Record<string, ModelPrices>>;

/** gpt-realtime's list prices; gpt-realtime-1.5 charges the same, gpt-realtime-2 more for text output. */
const GPT_REALTIME: ModelPrices = {
  textInput: 4,
  textCachedInput: 0.4,
  textOutput: 16,
  audioInput: 32,
  audioCachedInput: 0.4,
  audioOutput: 64,
  imageInput: 5,
  imageCachedInput: 0.5,
};

/** gpt-realtime-mini's list prices; gpt-realtime-2.1-mini charges the same. */
const GPT_REALTIME_MINI: ModelPrices = {
  textInput: 0.6,
  textCachedInput: 0.06,
  textOutput: 2.4,
  audioInput: 10,
  audioCachedInput: 0.3,
  audioOutput: 20,
  imageInput: 0.8,
  imageCachedInput: 0.08,
};

/**
 * OpenAI's list prices for the realtime models (USD per 1M tokens, from each model's page under
 * https://developers.openai.com/api/docs/models, read December 2026). Prices change: pass your own
 * table (or this one spread with your overrides) as the session's `prices` when they do, or for a
 * negotiated rate.
 *
 * @example
 * ```ts
 * import { type PriceTable, priceTable } from '@switchboard/core';
 *
 * const prices: PriceTable = {
 *   ...priceTable,
 *   'my-azure-deployment': priceTable['gpt-realtime']!,
 * };
 * ```
 */
export const priceTable: PriceTable = Object.freeze({
  'gpt-realtime': GPT_REALTIME,
  'gpt-realtime-mini': GPT_REALTIME_MINI,
  'gpt-realtime-1.5': GPT_REALTIME,
  'gpt-realtime-2': { ...GPT_REALTIME, textOutput: 24 },
  'gpt-realtime-2.1-mini': GPT_REALTIME_MINI,
  'gpt-4o-realtime-preview': {
    textInput: 5,
    textCachedInput: 2.5,
    textOutput: 20,
    audioInput: 40,
    audioCachedInput: 2.5,
    audioOutput: 80,
  },
  'gpt-4o-mini-realtime-preview': {
    textInput: 0.6,
    textCachedInput: 0.3,
    textOutput: 2.4,
    audioInput: 10,
    audioCachedInput: 0.3,
    audioOutput: 20,
  },
});

/** A dated snapshot's suffix: `-2025-08-28`. */
const SNAPSHOT_DATE = /-\d{4}-\d{2}-\d{2}$/;

/**
 * The prices of `model` in `table`: its own entry, or its base name's for a dated snapshot
 * (`gpt-realtime-2025-08-28` → `gpt-realtime`); `undefined` when the table has neither.
 *
 * @example
 * ```ts
 * import { pricesFor } from '@switchboard/core';
 *
 * pricesFor('gpt-realtime-2025-08-28')?.audioOutput; // 64
 * ```
 */
export function pricesFor(model: string, table: PriceTable = priceTable): ModelPrices | undefined {
  return Object.hasOwn(table, model)
    ? table[model]
    : Object.hasOwn(table, baseModel(model))
      ? table[baseModel(model)]
      : undefined;
}

/** A model's name without its snapshot date (`gpt-realtime-2025-08-28` → `gpt-realtime`). */
export function baseModel(model: string): string {
  return model.replace(SNAPSHOT_DATE, '');
}

/**
 * What `usage` costs at `prices`, in US dollars: uncached input, cached input and output of each
 * modality at its own rate.
 *
 * @example
 * ```ts
 * import { costOf, pricesFor, tokenUsage } from '@switchboard/core';
 *
 * const usage = tokenUsage({ input_tokens: 1000, output_tokens: 500, input_token_details: { text_tokens: 1000 },
 *   output_token_details: { audio_tokens: 500 } });
 * costOf(usage, pricesFor('gpt-realtime')!); // 0.004 + 0.032 = 0.036
 * ```
 */
export function costOf(usage: TokenUsage, prices: ModelPrices): number {
  const imageInput = prices.imageInput ?? prices.textInput;
  const imageCached = prices.imageCachedInput ?? prices.textCachedInput;
  const perMillion =
    uncached(usage.inputText, usage.inputCachedText) * prices.textInput +
    usage.inputCachedText * prices.textCachedInput +
    uncached(usage.inputAudio, usage.inputCachedAudio) * prices.audioInput +
    usage.inputCachedAudio * prices.audioCachedInput +
    uncached(usage.inputImage, usage.inputCachedImage) * imageInput +
    usage.inputCachedImage * imageCached +
    usage.outputText * prices.textOutput +
    usage.outputAudio * prices.audioOutput;
  return perMillion / 1_000_000;
}

function uncached(tokens: number, cached: number): number {
  return Math.max(0, tokens - cached);
}
