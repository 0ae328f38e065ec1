/** A message budget: a sustained rate and a burst allowance. */
export interface Budget {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: how many may arrive at once. */
  burst: number;
}

/** Classic token bucket on an injected clock (ms), so tests drive time themselves. */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    readonly budget: Budget,
    now: number,
  ) {
    this.#tokens = budget.burst;
    this.#last = now;
  }

  /** Takes `count` tokens (one by default: a message; a payload's size for byte budgets); false when the budget is spent. */
  take(now: number, count = 1): boolean {
    this.#refill(now);
    if (this.#tokens < count) return false;
    this.#tokens -= count;
    return true;
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#last) / 1000;
    this.#tokens = Math.min(this.budget.burst, this.#tokens + elapsed * this.budget.perSecond);
    this.#last = now;
  }
}
