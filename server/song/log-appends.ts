/** What LogAppends needs of its room. */
export interface LogAppendsDeps<Change> {
  /** Stores one change in the log (the repository's group commit). */
  write(seq: number, change: Change): Promise<void>;
  /** Saves the room's whole state now (every change made so far is in memory); rejects when it cannot. */
  snapshot(): Promise<void>;
  /** The seq of the latest change made (a snapshot taken now covers it and everything before). */
  latestSeq(): number;
  /** A write failed (for the log: the snapshot will cover it). */
  failed(seq: number, err: unknown): void;
}

/**
 * The Song log as the room acknowledges it. A restart replays the log on the last
 * snapshot, so a change whose write failed leaves a hole: every entry after it would
 * replay without the change before it (an op that no longer applies, a Yjs update left
 * pending), though each was acknowledged. So `seq` is acknowledged once every earlier
 * write has settled (a failed batch retries each append alone, in any order) and, when
 * one of them failed, once a snapshot has covered the hole. Writes themselves are not
 * chained: a busy room's appends still share a batch.
 */
export class LogAppends<Change> {
  #settled: Promise<void> = Promise.resolve();
  /** Seqs whose write failed and that no snapshot covers yet. */
  #holes: number[] = [];

  constructor(private readonly deps: LogAppendsDeps<Change>) {}

  /** Resolves when `seq` may be acknowledged; rejects when it is not known to be stored. */
  append(seq: number, change: Change): Promise<void> {
    const written = this.deps.write(seq, change).catch((err: unknown) => {
      this.#holes.push(seq);
      this.deps.failed(seq, err);
    });
    const settled = Promise.all([this.#settled, written]).then(() => undefined);
    this.#settled = settled;
    return settled.then(() => this.#coverHoles(seq));
  }

  /** Resolves once every write made so far has settled, stored or failed (never rejects). */
  settled(): Promise<void> {
    return this.#settled;
  }

  /** Holes no snapshot covers yet (a gauge for tests and logs). */
  get holes(): readonly number[] {
    return this.#holes;
  }

  async #coverHoles(seq: number): Promise<void> {
    if (!this.#holes.some((hole) => hole <= seq)) return;
    const upTo = this.deps.latestSeq();
    await this.deps.snapshot();
    this.#holes = this.#holes.filter((hole) => hole > upTo);
  }
}
