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

  /** Takes `amount` tokens if there are that many; returns whether it did. */
  take(amount: number): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#ratePerSecond);
    this.#last = now;
    if (amount > this.#tokens) return false;
    this.#tokens -= amount;
    return true;
  }
}
