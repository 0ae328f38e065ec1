import { MOOD_INTENSITIES, NEUTRAL } from "#schema/rules/feelings.ts";
import type { MoodIntensity, MoodLabel, Octant, PAD } from "./types.ts";
import { length, SQRT3 } from "./vector.ts";

/**
 * Within this distance of the origin a mood is "neutral" (docs/MOOD.md, PAD13). Octant
 * centres sit at ±0.5 (0.87 from the origin) and the smallest ALMA emotion vector is
 * hope at 0.3, so 0.2 keeps every emotion centre outside while an average person at rest,
 * and a mood that merely passes by the origin, reads neutral.
 */
export const NEUTRAL_RADIUS = 0.2;
/** How far past a border a mood must go before its label changes (PAD14). */
export const LABEL_MARGIN = 0.05;

/** Mehrabian's octant names by the signs of (P, A, D). */
const OCTANTS: Record<string, Octant> = {
  "+++": "exuberant",
  "++-": "dependent",
  "+-+": "relaxed",
  "+--": "docile",
  "---": "bored",
  "--+": "disdainful",
  "-+-": "anxious",
  "-++": "hostile",
};
const SIGNS = Object.fromEntries(Object.entries(OCTANTS).map(([s, o]) => [o, s])) as Record<Octant, string>;

/**
 * An axis exactly at zero (outside the neutral region) reads pleased, calm and
 * submissive. The choice only matters on a border plane, where a resting personality
 * often sits: it makes the single-trait temperaments read as the literature names them
 * (neuroticism, at D = 0, anxious rather than hostile; extraversion, at A = 0, relaxed).
 */
const AT_ZERO = ["+", "-", "-"] as const;
const AXES = ["p", "a", "d"] as const;

const signOf = (v: PAD, i: 0 | 1 | 2): string => {
  const x = v[AXES[i]];
  return x > 0 ? "+" : x < 0 ? "-" : AT_ZERO[i];
};

/** The octant by the signs of (P, A, D), ignoring the neutral region. */
export function octantOf(v: PAD): Octant {
  return OCTANTS[signOf(v, 0) + signOf(v, 1) + signOf(v, 2)] as Octant;
}

/** Slight, moderate, full: thirds of √3 by distance from the origin. */
export function intensityOf(v: PAD): MoodIntensity {
  const r = length(v);
  if (r < SQRT3 / 3) return "slight";
  return r < (2 * SQRT3) / 3 ? "moderate" : "full";
}

const NEUTRAL_LABEL: MoodLabel = { octant: NEUTRAL, intensity: "slight" };

/** The label without memory: neutral near the origin, else octant and intensity. */
export function moodLabel(v: PAD): MoodLabel {
  if (length(v) < NEUTRAL_RADIUS) return { ...NEUTRAL_LABEL };
  return { octant: octantOf(v), intensity: intensityOf(v) };
}

/**
 * The label with hysteresis, from the previous label and the mood alone (no older history):
 * - neutral holds until the mood is `margin` outside the neutral region, and is entered
 *   once the mood is `margin` inside it, from any octant;
 * - an axis keeps the previous octant's sign only while the value is within `margin` of
 *   zero, so an octant changes once the mood is `margin` inside the new one;
 * - the intensity keeps its third until the distance is `margin` past a boundary.
 * A mood hovering at any border therefore does not flicker, and a mood clearly inside a
 * region always reads as that region whatever came before.
 */
export function stableLabel(previous: MoodLabel | null, v: PAD, margin = LABEL_MARGIN): MoodLabel {
  if (!previous) return moodLabel(v);
  const r = length(v);
  const wasNeutral = previous.octant === NEUTRAL;
  if (r < NEUTRAL_RADIUS + (wasNeutral ? margin : -margin)) return { ...NEUTRAL_LABEL };
  if (wasNeutral) return moodLabel(v);
  const before = SIGNS[previous.octant as Octant];
  const axis = (i: 0 | 1 | 2) => (Math.abs(v[AXES[i]]) <= margin ? (before[i] as string) : signOf(v, i));
  const octant = OCTANTS[axis(0) + axis(1) + axis(2)] as Octant;
  const index = MOOD_INTENSITIES.indexOf(previous.intensity);
  const low = (index * SQRT3) / 3 - margin;
  const high = ((index + 1) * SQRT3) / 3 + margin;
  const intensity = r >= low && r < high ? previous.intensity : intensityOf(v);
  return { octant, intensity };
}
