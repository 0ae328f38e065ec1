import { intensityAt, type PadSpeeds, DEFAULT_SPEEDS } from "./dynamics.ts";
import { moodLabel } from "./labels.ts";
import type { ActiveEmotion, EmotionName, MoodLabel, PAD } from "./types.ts";
import { ORIGIN, add, scale } from "./vector.ts";

/**
 * Emotional contagion: what avatars near you feel reaches you, weaker with distance.
 * weight = base × (1 − d / radius)², zero at and past the radius. Only emotions felt
 * first-hand spread; caught ones do not spread again.
 */
export interface ContagionParams {
  radius: number;
  base: number;
  /** Impulses weaker than this are not worth applying. */
  floor: number;
}

export const DEFAULT_CONTAGION: ContagionParams = { radius: 256, base: 0.35, floor: 0.03 };

export function contagionWeight(distance: number, params: ContagionParams = DEFAULT_CONTAGION): number {
  if (distance >= params.radius) return 0;
  return params.base * (1 - distance / params.radius) ** 2;
}

export interface Neighbour {
  active: readonly ActiveEmotion[];
  distance: number;
}

/** The impulses a receiver catches from its neighbours at `now`. */
export function contagion(
  neighbours: readonly Neighbour[],
  now: number,
  params: ContagionParams = DEFAULT_CONTAGION,
  speeds: PadSpeeds = DEFAULT_SPEEDS,
): Array<{ emotion: EmotionName; intensity: number }> {
  const out = new Map<EmotionName, number>();
  for (const n of neighbours) {
    const w = contagionWeight(n.distance, params);
    if (w === 0) continue;
    for (const e of n.active) {
      if (e.caught) continue;
      const strength = intensityAt(e, now, speeds) * w;
      if (strength >= params.floor) out.set(e.emotion, Math.max(out.get(e.emotion) ?? 0, strength));
    }
  }
  return [...out].map(([emotion, intensity]) => ({ emotion, intensity }));
}

/** A space's aggregate mood: the mean of everyone's, with its label. */
export function roomMood(moods: readonly PAD[]): PAD & MoodLabel {
  const mean = moods.length === 0 ? ORIGIN : scale(moods.reduce(add, ORIGIN), 1 / moods.length);
  return { ...mean, ...moodLabel(mean) };
}
