/**
 * Draft history, pure: every save gets the next sequence number; the newest `keep` saves
 * are kept so a bad edit can be undone; a restore is itself a new save (so it can be undone).
 */

export interface SaveRecord {
  seq: number;
  savedAt: number;
}

/** The sequence numbers to drop so at most `keep` saves remain (the newest ones). */
export function savesToDrop(seqs: readonly number[], keep: number): number[] {
  const newestFirst = [...seqs].sort((a, b) => b - a);
  return newestFirst.slice(Math.max(0, keep));
}

/** The oldest sequence number still kept after a save numbered `latest`. */
export function oldestKept(latest: number, keep: number): number {
  return Math.max(1, latest - keep + 1);
}
