import type { MoodIntensity, MoodLabel, Octant, PAD } from "./types.ts";
import { length, SQRT3 } from "./vector.ts";

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

const sign = (x: number) => (x >= 0 ? "+" : "-");

export function octantOf(v: PAD): Octant {
  return OCTANTS[sign(v.p) + sign(v.a) + sign(v.d)] as Octant;
}

/** Slight, moderate, full: thirds of √3 by distance from the origin. */
export function intensityOf(v: PAD): MoodIntensity {
  const r = length(v);
  if (r < SQRT3 / 3) return "slight";
  return r < (2 * SQRT3) / 3 ? "moderate" : "full";
}

export function moodLabel(v: PAD): MoodLabel {
  return { octant: octantOf(v), intensity: intensityOf(v) };
}

const INTENSITIES: MoodIntensity[] = ["slight", "moderate", "full"];

/**
 * The label with hysteresis: an axis keeps its previous sign until the value is more than
 * `margin` across zero, and the intensity keeps its third until the distance is more than
 * `margin` across a boundary. A mood hovering at a border therefore does not flicker.
 */
export function stableLabel(previous: MoodLabel | null, v: PAD, margin = 0.05): MoodLabel {
  if (!previous) return moodLabel(v);
  const prevSigns = Object.entries(OCTANTS).find(([, o]) => o === previous.octant)?.[0] ?? "+++";
  const keep = (value: number, prev: string) => {
    if (prev === "+" && value < -margin) return "-";
    if (prev === "-" && value > margin) return "+";
    return prev;
  };
  const signs = keep(v.p, prevSigns[0] as string) + keep(v.a, prevSigns[1] as string) + keep(v.d, prevSigns[2] as string);
  const r = length(v);
  const prevIndex = INTENSITIES.indexOf(previous.intensity);
  const low = (prevIndex * SQRT3) / 3 - margin;
  const high = ((prevIndex + 1) * SQRT3) / 3 + margin;
  const intensity = r >= low && r < high ? previous.intensity : intensityOf(v);
  return { octant: OCTANTS[signs] as Octant, intensity };
}
