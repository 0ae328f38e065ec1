/**
 * Group reading: the room's vote on the next choice (docs/SONG.md, SG47-SG48). Pure:
 * the room collects votes and runs the timer; this only counts.
 */

/** Picks an index in [0, n) among tied choices; must be deterministic for a given input. */
export type Tiebreak = (n: number) => number;

export interface Tally {
  /** The chosen choice id; null when nobody voted for an allowed choice. */
  winner: string | null;
  /** Votes per allowed choice, in the allowed (author's) order. */
  counts: { choice: string; votes: number }[];
  /** The choices that shared the highest count (one entry when there was no tie). */
  tied: string[];
}

/** The first tied choice in the author's order. */
export const firstTied: Tiebreak = () => 0;

/**
 * A tiebreak every process agrees on from a seed (e.g. the session id and step number):
 * FNV-1a of the seed, modulo the number of tied choices.
 */
export function seededTiebreak(seed: string): Tiebreak {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (n) => h % n;
}

/**
 * Counts one vote per voter (the last one a voter cast is what the caller passes);
 * votes for choices not in `allowed` are ignored. Ties are broken by `tiebreak` over
 * the tied choices in the author's order.
 */
export function tallyVotes(
  votes: Iterable<readonly [voter: string, choice: string]> | ReadonlyMap<string, string>,
  allowed: readonly string[],
  tiebreak: Tiebreak = firstTied,
): Tally {
  const counts = new Map(allowed.map((c) => [c, 0]));
  const seen = new Set<string>();
  for (const [voter, choice] of votes) {
    if (seen.has(voter) || !counts.has(choice)) continue;
    seen.add(voter);
    counts.set(choice, counts.get(choice)! + 1);
  }
  const list = allowed.filter((c, i) => allowed.indexOf(c) === i).map((c) => ({ choice: c, votes: counts.get(c)! }));
  const best = Math.max(0, ...list.map((c) => c.votes));
  if (best === 0) return { winner: null, counts: list, tied: [] };
  const tied = list.filter((c) => c.votes === best).map((c) => c.choice);
  const pick = Math.trunc(tiebreak(tied.length));
  return { winner: tied[pick >= 0 && pick < tied.length ? pick : 0]!, counts: list, tied };
}
