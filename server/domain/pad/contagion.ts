import { DEFAULT_SPEEDS, intensityAt, MAX_CAUGHT, type PadSpeeds } from "./dynamics.ts";
import { stableLabel } from "./labels.ts";
import type { ActiveEmotion, EmotionName, MoodLabel, PAD } from "./types.ts";
import { ORIGIN, scale } from "./vector.ts";

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
 * emotion, scaled down together so their sum stays within MAX_CAUGHT (a crowd of
 * different feelings weighs no more than one close neighbour). Apply them with
 * `impulse(..., { caught: true })`, which merges by maximum, so calling this every second
 * holds the receiver at the exposure level instead of adding up.
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
  const total = [...out.values()].reduce((a, b) => a + b, 0);
  const k = total > MAX_CAUGHT ? MAX_CAUGHT / total : 1;
  return [...out].map(([emotion, intensity]) => ({ emotion, intensity: intensity * k }));
}

export interface RoomMoodReading extends PAD, MoodLabel {
  /** Root-mean-square distance of the moods from their mean: 0 when all agree, up to √3. */
  spread: number;
  /** How many moods were counted. */
  count: number;
}

/**
 * A space's aggregate mood from the moods of the avatars present (the caller leaves out
 * those away from the keyboard): their mean, how far apart they are, and the label by the
 * same hysteresis labeller avatars use, continuing from `previous`. An empty room reads
 * neutral. One full exuberant and one full bored person read neutral and "divided", not
 * "slight exuberant".
 */
export function roomMood(moods: readonly PAD[], previous: MoodLabel | null = null): RoomMoodReading {
  const tally = new MoodTally();
  for (const m of moods) tally.add(m);
  return tally.reading(previous);
}

/**
 * A room's moods summed as they are counted, so the room mood needs no list of them and
 * no vector per mood (a space recomputes it every second, idle or not). The spread is
 * kept by Welford's update, which stays exact where the moods agree.
 */
export class MoodTally {
  #count = 0;
  #sum = { p: 0, a: 0, d: 0 };
  #mean = { p: 0, a: 0, d: 0 };
  /** Sum of squared distances from the running mean. */
  #m2 = 0;

  reset(): this {
    this.#count = 0;
    this.#m2 = 0;
    this.#sum.p = this.#sum.a = this.#sum.d = 0;
    this.#mean.p = this.#mean.a = this.#mean.d = 0;
    return this;
  }

  add(m: PAD): void {
    const n = ++this.#count;
    const sum = this.#sum;
    const mean = this.#mean;
    sum.p += m.p;
    sum.a += m.a;
    sum.d += m.d;
    const dp = m.p - mean.p;
    const da = m.a - mean.a;
    const dd = m.d - mean.d;
    mean.p += dp / n;
    mean.a += da / n;
    mean.d += dd / n;
    this.#m2 += dp * (m.p - mean.p) + da * (m.a - mean.a) + dd * (m.d - mean.d);
  }

  /** The room mood of the moods added, labelled continuing from `previous`. */
  reading(previous: MoodLabel | null = null): RoomMoodReading {
    const count = this.#count;
    const mean = count === 0 ? ORIGIN : scale(this.#sum, 1 / count);
    const spread = count === 0 ? 0 : Math.sqrt(Math.max(0, this.#m2) / count);
    return { ...mean, ...stableLabel(previous, mean), spread, count };
  }
}
