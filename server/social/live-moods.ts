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
 * The moods of avatars in the spaces of this process, by user id: the space rooms write
 * them (once a second), Song reading reads them. In-process only: with several processes
 * a reader whose avatar is in another process reads as neutral (docs/SONG.md, "Mood").
 * A user with two avatars (two tabs) shows the one written last.
 */
export class LiveMoods {
  readonly #moods = new Map<string, LiveMood>();

  constructor(private readonly now: () => number) {}

  /**
   * Avatars' moods: each second those that changed, every ten seconds all of them.
   * Updated in place and passed as numbers, so an idle process makes no garbage here.
   */
  set(userId: string, p: number, a: number, d: number, octant: MoodName): void {
    const at = this.now();
    const known = this.#moods.get(userId);
    if (!known) {
      this.#moods.set(userId, { p, a, d, octant, at });
      return;
    }
    known.p = p;
    known.a = a;
    known.d = d;
    known.octant = octant;
    known.at = at;
  }

  delete(userId: string): void {
    this.#moods.delete(userId);
  }

  /** The user's live mood, or null when their avatar is in no space here (or went quiet). */
  of(userId: string): Readonly<LiveMood> | null {
    const m = this.#moods.get(userId);
    if (!m) return null;
    if (this.now() - m.at > LIVE_MOOD_TTL_MS) {
      this.#moods.delete(userId);
      return null;
    }
    return m;
  }
}
