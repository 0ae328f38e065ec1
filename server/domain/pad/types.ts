/** Pleasure, arousal, dominance: each in [-1, 1]. */
export interface PAD {
  p: number;
  a: number;
  d: number;
}

/** Big Five traits, each in [-1, 1] with 0 as the population average. */
export interface BigFive {
  openness: number;
  conscientiousness: number;
  extraversion: number;
  agreeableness: number;
  neuroticism: number;
}

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

export type EmotionName =
  | "joy"
  | "distress"
  | "anger"
  | "fear"
  | "pride"
  | "shame"
  | "gratitude"
  | "relief"
  | "admiration"
  | "reproach"
  | "liking"
  | "disliking"
  | "hope"
  | "disappointment"
  | "gloating"
  | "pity"
  | "resentment"
  | "happy-for"
  | "satisfaction"
  | "fears-confirmed"
  | "remorse"
  | "gratification";

export type Octant =
  | "exuberant"
  | "dependent"
  | "relaxed"
  | "docile"
  | "bored"
  | "disdainful"
  | "anxious"
  | "hostile";

export type MoodIntensity = "slight" | "moderate" | "full";

export interface MoodLabel {
  octant: Octant;
  intensity: MoodIntensity;
}
