import type { EmotionName, MoodIntensity, MoodName } from "#schema/rules/feelings.ts";

/** Pleasure, arousal, dominance: each in [-1, 1]. */
export interface PAD {
  p: number;
  a: number;
  d: number;
}

/** Big Five traits, each in [-1, 1] with 0 as the population average (declared once, in schema/rules). */
export type { BigFive } from "#schema/rules/personality.ts";

export interface ActiveEmotion {
  emotion: EmotionName;
  /** 0..1 at `at`; decays from there. */
  intensity: number;
  at: number;
  /** Caught from a neighbour: such emotions do not spread again (no echo chamber). */
  caught?: boolean;
}

export interface PadState {
  mood: PAD;
  baseline: PAD;
  active: ActiveEmotion[];
}

export type { EmotionName, MoodIntensity, MoodName, Octant } from "#schema/rules/feelings.ts";

export interface MoodLabel {
  /** The octant, or "neutral" near the origin (then the intensity is "slight"). */
  octant: MoodName;
  intensity: MoodIntensity;
}
