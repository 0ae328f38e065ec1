/**
 * Folds bursts of calls into at most one run per `intervalMs`: the first call of a quiet
 * period runs at once, calls inside the interval after it become one run at its end (so
 * the last change is never dropped). Timers come from the caller (a room's clock, which
 * stops them when the room is disposed).
 */
export class Coalescer {
  #lastRun = Number.NEGATIVE_INFINITY;
  #pending = false;

  constructor(
    private readonly run: () => void,
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly later: (fn: () => void, ms: number) => void,
  ) {}

  poke(): void {
    if (this.#pending) return;
    const wait = this.#lastRun + this.intervalMs - this.now();
    if (wait <= 0) {
      this.#fire();
      return;
    }
    this.#pending = true;
    this.later(() => {
      this.#pending = false;
      this.#fire();
    }, wait);
  }

  #fire(): void {
    this.#lastRun = this.now();
    this.run();
  }
}
