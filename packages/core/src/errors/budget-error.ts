/**
 * Why a budget could not do its job: `cost_unknown` (a response came from a model the session's
 * price table lacks, so `maxCostUsd` cannot count it; its tokens still count), `model_not_switched`
 * (the `switch_model` end step could not roll over, or the new connection reports another model).
 */
export type BudgetErrorCode = 'cost_unknown' | 'model_not_switched';

/**
 * A per-call budget (`budget` session option) met something it cannot enforce, on `errors$`. The
 * call goes on; the other limits, the minutes timer above all, still hold.
 *
 * @example
 * ```ts
 * import { BudgetError, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof BudgetError && error.code === 'cost_unknown') console.warn('add a price for', error.model);
 * });
 * ```
 */
export class BudgetError extends Error {
  override readonly name = 'BudgetError';
  constructor(
    readonly code: BudgetErrorCode,
    /** The model the error is about (unpriced, or the one the switch asked for). */
    readonly model: string | undefined,
    detail: string,
  ) {
    super(`budget: ${detail}`);
  }
}

/** The {@link BudgetError} for a response whose model has no price. */
export function costUnknown(model: string | undefined): BudgetError {
  return new BudgetError(
    'cost_unknown',
    model,
    `cannot count the cost of responses from ${model === undefined ? 'an unreported model' : `"${model}"`}: ` +
      "it is not in the price table (pass it in the session's prices); its tokens still count",
  );
}
