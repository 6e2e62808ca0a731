/**
 * A token bucket: `ratePerSecond` tokens flow in, up to `burst`. Charging more than there are leaves
 * the bucket in debt, and the charge says how long until the debt is repaid: the caller waits that
 * long before it takes more (used twice per browser socket, for messages and for bytes).
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  readonly #ratePerSecond: number;
  readonly #burst: number;
  readonly #now: () => number;

  constructor(ratePerSecond: number, burst: number, now: () => number = () => performance.now()) {
    this.#ratePerSecond = ratePerSecond;
    this.#burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#last = now();
  }

  /**
   * Takes `amount` tokens, into debt if there are not that many, and returns the milliseconds until
   * the bucket is out of debt again (0 when it is not in debt). Nothing is refused: a relayed event
   * dropped for speed would corrupt the call, so a fast sender is slowed down instead.
   */
  charge(amount: number): number {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#ratePerSecond);
    this.#last = now;
    this.#tokens -= amount;
    return this.#tokens >= 0 ? 0 : (-this.#tokens / this.#ratePerSecond) * 1000;
  }
}
