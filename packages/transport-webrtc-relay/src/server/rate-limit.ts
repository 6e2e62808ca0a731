/**
 * A token bucket: `ratePerSecond` tokens flow in, up to `burst`; taking more than there are fails.
 * Used twice per browser socket, for messages and for bytes.
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
   * Takes `amount` tokens if there are that many; returns whether it did. An amount larger than the
   * burst passes once the bucket is full, leaving it in debt (a large legitimate message must not be
   * refused forever; what follows it waits for the debt to be repaid).
   */
  take(amount: number): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#ratePerSecond);
    this.#last = now;
    if (amount > this.#tokens && this.#tokens < this.#burst) return false;
    this.#tokens -= amount;
    return true;
  }
}
