import { MoodLabel, NEUTRAL_MOOD, type ViewerMood } from "#schema/codeground/sandbox.ts";

type Listener = (mood: ViewerMood) => void;

/** Smaller moves than this are not news: the avatar's PAD drifts a little every tick. */
const STEP = 0.02;

const clamp = (v: number) => Math.max(-1, Math.min(1, v));

/**
 * The viewer's own mood, as their avatar in the world has it right now, for what runs
 * beside the world (scripts in the Codeground and on cards). The world view writes it
 * while the person has an avatar; without one it is the calm NEUTRAL_MOOD.
 */
class ViewerMoodSource {
  #mood: ViewerMood = NEUTRAL_MOOD;
  #live = false;
  readonly #listeners = new Set<Listener>();

  get current(): ViewerMood {
    return this.#mood;
  }

  /** True while the mood comes from an avatar in the world. */
  get live(): boolean {
    return this.#live;
  }

  /** The own avatar's values (the world view calls this as they change); null: no avatar. */
  set(avatar: { p: number; a: number; d: number; mood: string } | null): void {
    const label = MoodLabel.safeParse(avatar?.mood);
    const next: ViewerMood =
      avatar && label.success ? { p: clamp(avatar.p), a: clamp(avatar.a), d: clamp(avatar.d), octant: label.data } : NEUTRAL_MOOD;
    this.#live = avatar !== null && label.success;
    const was = this.#mood;
    const moved = Math.max(Math.abs(next.p - was.p), Math.abs(next.a - was.a), Math.abs(next.d - was.d));
    if (moved < STEP && next.octant === was.octant) return;
    this.#mood = next;
    for (const listener of this.#listeners) listener(next);
  }

  /** Calls `listener` on every change that matters; returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export const viewerMood = new ViewerMoodSource();
