import type { Scheduler, TimerHandle } from "../../server/rooms/persistence/scheduler.ts";

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** Lets every pending promise chain run: one macrotask turn drains the microtask queue. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock moved by hand. Timers fire in due order (ties in creation order) and promise
 * chains settle after each one, so code awaiting between timers behaves as it would live.
 */
export class ManualScheduler implements Scheduler {
  #now = 0;
  #seq = 0;
  readonly #timers = new Map<number, Timer>();

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.#seq;
    this.#timers.set(id, { id, at: this.#now + Math.max(0, ms), fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete((handle as { id: number }).id);
  }

  /** Due times of the pending timers, soonest first. */
  pending(): number[] {
    return [...this.#timers.values()].map((t) => t.at).sort((a, b) => a - b);
  }

  /** Moves the clock forward by `ms`, firing every timer that comes due on the way. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    await settle();
    for (let next = this.#next(until); next; next = this.#next(until)) {
      this.#timers.delete(next.id);
      this.#now = next.at;
      next.fn();
      await settle();
    }
    this.#now = until;
  }

  #next(until: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.#timers.values()) {
      if (t.at <= until && (!best || t.at < best.at || (t.at === best.at && t.id < best.id))) best = t;
    }
    return best;
  }
}
