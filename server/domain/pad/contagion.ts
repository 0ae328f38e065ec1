import { DEFAULT_SPEEDS, intensityAt, type PadSpeeds } from "./dynamics.ts";
import { moodLabel } from "./labels.ts";
import type { ActiveEmotion, EmotionName, MoodLabel, PAD } from "./types.ts";
import { add, ORIGIN, scale } from "./vector.ts";

/**
 * Emotional contagion: what avatars near you feel reaches you, weaker with distance
 * (Hatfield, Cacioppo & Rapson 1993 describe contagion as automatic mimicry, so we let it
 * act below the level of a first-hand event). weight = base × (1 − d / radius)², zero at
 * and past the radius; the square makes it fall off quickly, like a voice in a room.
 * Only emotions felt first-hand spread: caught ones do not spread again, so two avatars
 * cannot keep a feeling alive by echoing it back and forth.
 */
export interface ContagionParams {
  /** Beyond this distance (world pixels) nothing is caught. */
  radius: number;
  /** Weight at distance 0. */
  base: number;
  /** Impulses weaker than this are not worth applying. */
  floor: number;
}

export const DEFAULT_CONTAGION: ContagionParams = { radius: 256, base: 0.35, floor: 0.03 };

export function contagionWeight(distance: number, params: ContagionParams = DEFAULT_CONTAGION): number {
  if (!(distance < params.radius)) return 0;
  return params.base * (1 - Math.max(0, distance) / params.radius) ** 2;
}

/** A neighbour seen either through its active emotions or as one recent emotion. */
export type Neighbour =
  | { active: readonly ActiveEmotion[]; distance: number }
  | { emotion: EmotionName; intensity: number; distance: number };

/**
 * The impulses a receiver catches from its neighbours at `now`, strongest source per
 * emotion. Apply them with `impulse(..., { caught: true })`, which merges by maximum, so
 * calling this every second holds the receiver at the exposure level instead of adding up.
 */
export function contagion(
  neighbours: readonly Neighbour[],
  now: number,
  params: ContagionParams = DEFAULT_CONTAGION,
  speeds: PadSpeeds = DEFAULT_SPEEDS,
): Array<{ emotion: EmotionName; intensity: number }> {
  const out = new Map<EmotionName, number>();
  const offer = (emotion: EmotionName, strength: number) => {
    if (strength >= params.floor) out.set(emotion, Math.max(out.get(emotion) ?? 0, Math.min(1, strength)));
  };
  for (const n of neighbours) {
    const w = contagionWeight(n.distance, params);
    if (w === 0) continue;
    if ("emotion" in n) offer(n.emotion, n.intensity * w);
    else for (const e of n.active) if (!e.caught) offer(e.emotion, intensityAt(e, now, speeds) * w);
  }
  return [...out].map(([emotion, intensity]) => ({ emotion, intensity }));
}

/** A space's aggregate mood: the mean of everyone's, with its label (origin when empty). */
export function roomMood(moods: readonly PAD[]): PAD & MoodLabel {
  const mean = moods.length === 0 ? ORIGIN : scale(moods.reduce(add, ORIGIN), 1 / moods.length);
  return { ...mean, ...moodLabel(mean) };
}
