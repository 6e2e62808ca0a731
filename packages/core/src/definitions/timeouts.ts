/**
 * The longest delay `setTimeout` honours (2^31−1 ms, about 24.8 days). Node and browsers run a
 * longer one after 1 ms instead, so a longer tool timeout would cancel every call at once.
 */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** What a timeout option must be, in words, for error messages. */
export const TIMEOUT_EXPECTED = `a finite number of milliseconds above 0 and at most ${MAX_TIMEOUT_MS}`;

/** True for a usable timeout: finite, above 0 and at most {@link MAX_TIMEOUT_MS}. Nothing is clamped. */
export function isValidTimeoutMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_TIMEOUT_MS;
}

/** What a filler delay may be: milliseconds (as a timeout), or `false` for never. */
export const FILLER_DELAY_EXPECTED = `${TIMEOUT_EXPECTED}, or false (never)`;

/** Whether `value` is a filler delay: a valid timeout, or `false`. */
export function isFillerDelay(value: unknown): value is number | false {
  return value === false || isValidTimeoutMs(value);
}
