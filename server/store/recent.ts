/**
 * The last N durations in a ring buffer, for a p99 over a recent window: old spikes age
 * out instead of haunting the figure forever, and memory stays fixed.
 */
export class RecentDurations {
  private readonly values: Float64Array;
  /** Where a percentile sorts a copy: made once, since /metrics asks on every scrape. */
  private readonly scratch: Float64Array;
  private count = 0;

  constructor(size = 1024) {
    this.values = new Float64Array(size);
    this.scratch = new Float64Array(size);
  }

  record(ms: number): void {
    if (!Number.isFinite(ms)) return;
    this.values[this.count % this.values.length] = ms;
    this.count++;
  }

  /** Nearest-rank percentile (0 < p <= 100) of the window; 0 when nothing was recorded. */
  percentile(p: number): number {
    const n = Math.min(this.count, this.values.length);
    if (n === 0) return 0;
    // A typed array sorts numerically in place: no array of boxed numbers per call.
    const sorted = this.scratch.subarray(0, n);
    sorted.set(this.values.subarray(0, n));
    sorted.sort();
    return sorted[Math.min(n - 1, Math.max(0, Math.ceil((n * p) / 100) - 1))] ?? 0;
  }
}
