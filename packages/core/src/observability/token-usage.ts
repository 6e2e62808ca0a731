import type { Usage } from '../protocol/index.js';

/**
 * The tokens of one response (or a sum of them), by modality. Cached input tokens are part of the
 * input counts (`inputText` includes `inputCachedText`), as the API reports them.
 */
export interface TokenUsage {
  /** All input tokens (text, audio and image). */
  readonly input: number;
  /** All output tokens (text and audio). */
  readonly output: number;
  readonly inputText: number;
  readonly inputAudio: number;
  readonly inputImage: number;
  /** Input text tokens served from the prompt cache (included in `inputText`). */
  readonly inputCachedText: number;
  /** Input audio tokens served from the prompt cache (included in `inputAudio`). */
  readonly inputCachedAudio: number;
  /** Input image tokens served from the prompt cache (included in `inputImage`). */
  readonly inputCachedImage: number;
  readonly outputText: number;
  readonly outputAudio: number;
}

/**
 * No tokens: the start of a sum.
 *
 * @example
 * ```ts
 * import { addTokens, NO_TOKENS, type TokenUsage } from '@switchboard/core';
 *
 * declare const responses: TokenUsage[];
 * const total = responses.reduce(addTokens, NO_TOKENS);
 * ```
 */
export const NO_TOKENS: TokenUsage = Object.freeze({
  input: 0,
  output: 0,
  inputText: 0,
  inputAudio: 0,
  inputImage: 0,
  inputCachedText: 0,
  inputCachedAudio: 0,
  inputCachedImage: 0,
  outputText: 0,
  outputAudio: 0,
});

const FIELDS = Object.keys(NO_TOKENS) as (keyof TokenUsage)[];

/** A count from the wire: anything but a finite, non-negative number counts as 0. */
function count(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * The `usage` of a `response.done` as a {@link TokenUsage}. Missing fields count as 0; cached
 * tokens without their per-modality split are counted as text (the split is absent only on older
 * snapshots, which cache text alone).
 *
 * @example
 * ```ts
 * import { tokenUsage } from '@switchboard/core';
 *
 * const usage = tokenUsage({ input_tokens: 10, output_tokens: 4, input_token_details: { text_tokens: 10 } });
 * console.log(usage.inputText, usage.output); // 10 4
 * ```
 */
export function tokenUsage(usage: Usage): TokenUsage {
  const input = usage.input_token_details;
  const cached = input?.cached_tokens_details;
  const output = usage.output_token_details;
  const inputCachedAudio = count(cached?.audio_tokens);
  const inputCachedImage = count(cached?.image_tokens);
  const inputCachedText =
    cached?.text_tokens !== undefined
      ? count(cached.text_tokens)
      : Math.max(0, count(input?.cached_tokens) - inputCachedAudio - inputCachedImage);
  return {
    input: count(usage.input_tokens),
    output: count(usage.output_tokens),
    inputText: count(input?.text_tokens),
    inputAudio: count(input?.audio_tokens),
    inputImage: count(input?.image_tokens),
    inputCachedText,
    inputCachedAudio,
    inputCachedImage,
    outputText: count(output?.text_tokens),
    outputAudio: count(output?.audio_tokens),
  };
}

/**
 * `a + b`, field by field.
 *
 * @example
 * ```ts
 * import { addTokens, type TokenUsage } from '@switchboard/core';
 *
 * declare const first: TokenUsage, second: TokenUsage;
 * console.log(addTokens(first, second).output);
 * ```
 */
export function addTokens(a: TokenUsage, b: TokenUsage): TokenUsage {
  const sum = {} as Record<keyof TokenUsage, number>;
  for (const field of FIELDS) sum[field] = a[field] + b[field];
  return sum;
}
