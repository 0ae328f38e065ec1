import type { MoodName } from "#schema/rules/feelings.ts";

/** A user's mood as their avatar last showed it in a space of this process. */
export interface LiveMood {
  p: number;
  a: number;
  d: number;
  octant: MoodName;
  at: number;
}

/** Moods older than this are not "live" any more (the avatar left or the room stopped). */
export const LIVE_MOOD_TTL_MS = 30_000;

/**
 * A room's hold on the moods it wrote: renewing it keeps them all live, so a room renews
 * once per pass instead of rewriting every avatar's mood (an idle process holds thousands).
 */
export interface MoodLease {
  renewedAt: number;
}

interface Held extends LiveMood {
  lease: MoodLease | null;
  /** The mood another room wrote before this one (a user with avatars in two rooms): it returns when this room deletes. */
  prev: Held | null;
}

/**
 * The moods of avatars in the spaces of this process, by user id: the space rooms write
 * them (each second those that changed) and renew their lease, Song reading reads them.
 * A mood is live while it or its room's lease was renewed within LIVE_MOOD_TTL_MS.
 * In-process only: with several processes a reader whose avatar is in another process
 * reads as neutral (docs/SONG.md, "Mood"). A user with avatars in two rooms (two tabs)
 * shows the one written last, and the other's once that room lets it go.
 */
export class LiveMoods {
  readonly #moods = new Map<string, Held>();

  constructor(private readonly now: () => number) {}

  /** A lease for one room's moods, renewed now. */
  lease(): MoodLease {
    return { renewedAt: this.now() };
  }

  renew(lease: MoodLease): void {
    lease.renewedAt = this.now();
  }

  /** An avatar's mood; updated in place and passed as numbers, so an idle process makes no garbage here. */
  set(userId: string, p: number, a: number, d: number, octant: MoodName, lease: MoodLease | null = null): void {
    const at = this.now();
    let held = this.#moods.get(userId);
    if (!held) {
      this.#moods.set(userId, { p, a, d, octant, at, lease, prev: null });
      return;
    }
    if (held.lease !== lease) {
      // Another room writes this user: it goes on top, the other room's mood is kept under it.
      const under = held.prev?.lease === lease ? held.prev : null;
      held.prev = null;
      held = under ? Object.assign(under, { prev: held }) : { p, a, d, octant, at, lease, prev: held };
      this.#moods.set(userId, held);
    }
    held.p = p;
    held.a = a;
    held.d = d;
    held.octant = octant;
    held.at = at;
  }

  /** The room holding `lease` lets the user's mood go; another room's mood of the same user stays. */
  delete(userId: string, lease: MoodLease | null = null): void {
    const held = this.#moods.get(userId);
    if (!held) return;
    if (held.lease !== lease) {
      if (held.prev?.lease === lease) held.prev = null;
      return;
    }
    if (held.prev) this.#moods.set(userId, held.prev);
    else this.#moods.delete(userId);
  }

  /** The user's live mood, or null when their avatar is in no space here (or its room went silent). */
  of(userId: string): Readonly<LiveMood> | null {
    const top = this.#moods.get(userId);
    let m = top ?? null;
    while (m && !this.#live(m)) m = m.prev;
    if (m === top) return m;
    if (m) this.#moods.set(userId, m);
    else this.#moods.delete(userId);
    return m;
  }

  #live(m: Held): boolean {
    return this.now() - Math.max(m.at, m.lease?.renewedAt ?? m.at) <= LIVE_MOOD_TTL_MS;
  }
}
