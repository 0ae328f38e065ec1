import { type Budget, TokenBucket } from "../../core/token-bucket.ts";

/**
 * TEMPORARY, to be replaced by the bytes row of the room message table (house-rooms):
 * a per-client budget for a bytes message type, in messages per second and in bytes per
 * second, with a hard cap on one message's size.
 */
export interface BytesBudget {
  messages: Budget;
  /** Bytes per second (sustained) and burst. */
  bytes: Budget;
  maxBytes: number;
}

export class ByteBudgets {
  readonly #buckets = new Map<string, { messages: TokenBucket; bytes: { tokens: number; last: number } }>();

  /** null when the message fits; the reason otherwise. */
  admit(key: string, budget: BytesBudget, size: number, now: number): string | null {
    if (size > budget.maxBytes) return `at most ${budget.maxBytes} bytes in one message`;
    let b = this.#buckets.get(key);
    if (!b) {
      b = { messages: new TokenBucket(budget.messages, now), bytes: { tokens: budget.bytes.burst, last: now } };
      this.#buckets.set(key, b);
    }
    if (!b.messages.take(now)) return `slow down: at most ${budget.messages.perSecond} messages/s`;
    const elapsed = Math.max(0, now - b.bytes.last) / 1000;
    b.bytes.tokens = Math.min(budget.bytes.burst, b.bytes.tokens + elapsed * budget.bytes.perSecond);
    b.bytes.last = now;
    if (b.bytes.tokens < size) return `slow down: at most ${budget.bytes.perSecond} bytes/s`;
    b.bytes.tokens -= size;
    return null;
  }

  forget(prefix: string): void {
    for (const k of this.#buckets.keys()) if (k.startsWith(prefix)) this.#buckets.delete(k);
  }
}
