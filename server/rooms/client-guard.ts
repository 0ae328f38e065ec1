import { type Budget, TokenBucket } from "../core/token-bucket.ts";

/** Refusals a client may collect (decaying one per second) before it is closed. */
export const STRIKE_LIMIT = 20;
const STRIKE_DECAY_PER_SECOND = 1;

export type Verdict = "ok" | "refuse" | "close";

/**
 * Per-client bookkeeping: one token bucket per message type and a decaying strike count.
 * A client that keeps getting refused (flooding or sending garbage) is closed.
 */
export class ClientGuard {
  readonly #buckets = new Map<string, TokenBucket>();
  #strikes = 0;
  #lastStrike = 0;

  /** Whether a message of this type fits its budget now. */
  admit(type: string, budget: Budget, now: number, count = 1): boolean {
    let bucket = this.#buckets.get(type);
    if (!bucket) {
      bucket = new TokenBucket(budget, now);
      this.#buckets.set(type, bucket);
    }
    return bucket.take(now, count);
  }

  /** Records a refusal; returns "close" when the client has crossed the strike limit. */
  strike(now: number): Verdict {
    const decayed = ((now - this.#lastStrike) / 1000) * STRIKE_DECAY_PER_SECOND;
    this.#strikes = Math.max(0, this.#strikes - decayed) + 1;
    this.#lastStrike = now;
    return this.#strikes > STRIKE_LIMIT ? "close" : "refuse";
  }
}
