import { RecentDurations } from "../recent.ts";
import type { PoolStats } from "../types.ts";

/**
 * Operation timing for poolStats(). better-sqlite3 is synchronous, so there is no pool:
 * "in use" is 1 only while an operation runs, nothing ever waits in a queue, and the
 * p99 that matters is how long operations hold the event loop.
 */
export class OpStats {
  private readonly durations = new RecentDurations();
  private running = 0;
  private busy = 0;

  begin(): number {
    this.running = 1;
    return performance.now();
  }

  end(startedAt: number): void {
    this.running = 0;
    this.durations.record(performance.now() - startedAt);
  }

  /** SQLITE_BUSY: another connection held the write lock past busy_timeout. */
  recordBusy(): void {
    this.busy++;
  }

  snapshot(): PoolStats {
    return {
      inUse: this.running,
      waiting: 0,
      checkoutFailures: this.busy,
      waitP99Ms: this.durations.percentile(99),
      poolCleared: 0,
    };
  }
}
