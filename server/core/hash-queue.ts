import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "./errors.ts";

export interface HashQueueOptions {
  /** Hashes running at once (each holds its memory cost on a libuv pool thread). */
  concurrency: number;
  /** Hashes allowed to wait for a slot; one more is refused with BUSY. */
  maxWaiting: number;
  /** Clock for the Retry-After estimate (ms). */
  now?: () => number;
}

/**
 * Bounds the password hashes in flight and the ones waiting. A crowd signing in after
 * a restart, or a flood from many addresses, gets a quick 503 BUSY with Retry-After once
 * the queue is full, instead of piling hash memory up and starving the event loop.
 */
export class HashQueue {
  #active = 0;
  readonly #waiting: Array<() => void> = [];
  // Running mean of one hash's wall time, for Retry-After; starts at the argon2id cost.
  #meanMs = 50;
  readonly #now: () => number;

  constructor(private readonly opts: HashQueueOptions) {
    if (opts.concurrency < 1) throw new RangeError("HashQueue concurrency must be at least 1");
    this.#now = opts.now ?? (() => performance.now());
  }

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `task` when a slot is free; throws DomainError(BUSY) at once when the wait list is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.opts.concurrency) {
      if (this.#waiting.length >= this.opts.maxWaiting) throw this.#busy();
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    this.#active++;
    const started = this.#now();
    try {
      return await task();
    } finally {
      this.#meanMs = 0.9 * this.#meanMs + 0.1 * (this.#now() - started);
      this.#active--;
      this.#waiting.shift()?.();
    }
  }

  /** Seconds until the current queue has drained, at least 1. */
  retryAfterSeconds(): number {
    const drainMs = ((this.#waiting.length + this.#active) * this.#meanMs) / this.opts.concurrency;
    return Math.min(60, Math.max(1, Math.ceil(drainMs / 1000)));
  }

  #busy(): DomainError {
    return new DomainError(ErrorCode.BUSY, "too many sign-ins at once; try again in a moment", {
      headers: { "retry-after": String(this.retryAfterSeconds()) },
    });
  }
}
