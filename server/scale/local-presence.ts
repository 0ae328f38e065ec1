import { LocalPresence } from "@colyseus/core";

/** How often lapsed keys are removed: TTLs are whole seconds, as in Redis. */
const SWEEP_EVERY_MS = 1_000;

/**
 * Colyseus's in-process presence with Redis's expiry semantics and without its per-key
 * timers. Colyseus's `expire` starts a timer per key and replaces it on every refresh (the
 * seat ledger refreshes each connected seat every minute: 10,000 timers and closures made
 * and dropped per minute), and its timer deletes only plain keys, so an expiring hash
 * lived forever; nor did emptying a hash remove it, so every account that ever took a seat
 * kept an empty hash. Here a deadline per key sits in one map and one timer sweeps it; an
 * expired key goes whatever its type, and a hash goes with its last field, as in Redis.
 */
export class SweptLocalPresence extends LocalPresence {
  readonly #deadlines = new Map<string, number>();
  #sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  override expire(key: string, seconds: number): void {
    this.#deadlines.set(key, this.now() + seconds * 1000);
    this.#sweeper ??= setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();
  }

  /** A plain SET drops the key's TTL, as in Redis. */
  override set(key: string, value: string): void {
    super.set(key, value);
    this.#deadlines.delete(key);
  }

  override del(key: string): void {
    super.del(key);
    this.#deadlines.delete(key);
  }

  override async hdel(key: string, field: string): Promise<boolean> {
    const removed = await super.hdel(key, field);
    const rest = this.hash[key];
    if (rest && Object.keys(rest).length === 0) this.del(key);
    return removed;
  }

  /** Removes every key whose deadline has passed (the timer calls it; tests may too). */
  sweep(): void {
    const now = this.now();
    // forEach: no entry array per key each second (deleting the entry visited is safe).
    this.#deadlines.forEach((at, key) => {
      if (at <= now) this.del(key);
    });
  }

  /** Keys waiting to expire (for tests and metrics). */
  get expiring(): number {
    return this.#deadlines.size;
  }

  override shutdown(): void {
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = null;
    super.shutdown();
  }
}
