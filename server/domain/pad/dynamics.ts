import { EMOTIONS } from "./emotions.ts";
import type { ActiveEmotion, EmotionName, PAD, PadState } from "./types.ts";
import { add, approach, clampPad, dot, length, ORIGIN, SQRT3, scale } from "./vector.ts";

/**
 * How fast things change. ALMA's orders of magnitude: about 10 minutes for the mood to
 * move between neighbouring octant centres (distance 1 with centres at ±0.5), about 20
 * minutes to travel the full √3 back to baseline. `speedup` scales mood speeds (a demo
 * at 60× shows a mood change within seconds); emotions keep their real half-life, so an
 * expression lasts the same seconds at any speed-up.
 */
export interface PadSpeeds {
  /** Mood speed toward (or away from) the emotion centre, PAD units per second. */
  towardEmotions: number;
  /** Mood speed back to the baseline with no active emotion, PAD units per second. */
  towardBaseline: number;
  /** Time for an emotion's intensity to halve (ms). */
  emotionHalfLifeMs: number;
  speedup: number;
}

export const DEFAULT_SPEEDS: PadSpeeds = {
  towardEmotions: 1 / 600,
  towardBaseline: SQRT3 / 1200,
  emotionHalfLifeMs: 60_000,
  speedup: 1,
};

/** Below this an emotion is gone. */
const FADED = 0.02;
/** At most this many emotions are active at once (the strongest survive). */
export const MAX_ACTIVE = 8;

export function initialState(baseline: PAD): PadState {
  return { mood: { ...baseline }, baseline: { ...baseline }, active: [] };
}

/** The intensity of an active emotion at `now`. */
export function intensityAt(e: ActiveEmotion, now: number, speeds: PadSpeeds = DEFAULT_SPEEDS): number {
  const elapsed = Math.max(0, now - e.at);
  return e.intensity * 0.5 ** (elapsed / speeds.emotionHalfLifeMs);
}

/**
 * Adds an emotion. The same emotion felt first-hand again adds up (two waves cheer more
 * than one, capped at 1). A caught emotion (contagion) merges by maximum instead: the
 * room re-sends its exposure every second, and summing would drive a weak, distant
 * feeling to full intensity within seconds, defeating the distance weighting.
 */
export function impulse(
  state: PadState,
  emotion: EmotionName,
  intensity: number,
  now: number,
  opts: { caught?: boolean; speeds?: PadSpeeds } = {},
): PadState {
  const speeds = opts.speeds ?? DEFAULT_SPEEDS;
  const strength = Math.min(1, intensity);
  // `!(x > 0)` also rejects NaN, which would otherwise poison the mood forever.
  if (!(strength > 0) || !Number.isFinite(now)) return state;
  const caught = Boolean(opts.caught);
  const same = state.active.find((e) => e.emotion === emotion && Boolean(e.caught) === caught);
  const others = state.active.filter((e) => e !== same);
  const current = same ? intensityAt(same, now, speeds) : 0;
  const merged = caught ? Math.max(strength, current) : Math.min(1, strength + current);
  const next: ActiveEmotion = { emotion, intensity: merged, at: now, ...(caught ? { caught: true } : {}) };
  const active = [...others, next]
    .sort((x, y) => intensityAt(y, now, speeds) - intensityAt(x, now, speeds))
    .slice(0, MAX_ACTIVE);
  return { ...state, active };
}

/**
 * The emotion centre: the intensity-weighted mean of active emotions' vectors, and the
 * total intensity (how hard it pulls, at most 1).
 */
export function emotionCentre(
  active: readonly ActiveEmotion[],
  now: number,
  speeds: PadSpeeds = DEFAULT_SPEEDS,
): { centre: PAD; strength: number } | null {
  let total = 0;
  let sum: PAD = ORIGIN;
  for (const e of active) {
    const w = intensityAt(e, now, speeds);
    total += w;
    sum = add(sum, scale(EMOTIONS[e.emotion], w));
  }
  return total > 0 ? { centre: scale(sum, 1 / total), strength: Math.min(1, total) } : null;
}

/**
 * Advances the mood by `dtMs` with ALMA's pull and push phases (Gebhard 2005, mood
 * change): with active emotions, a mood lying between the origin and the emotion centre
 * is pulled toward the centre; a mood already beyond it is pushed further out, until the
 * bounds stop it (strong feelings of one kind intensify a mood of that kind). "Beyond" is
 * the mood's projection on the centre's direction reaching the centre, a continuous form
 * of ALMA's same-octant-and-further-out test that does not jump at octant borders. With no
 * active emotion the mood returns to the baseline. Faded emotions are dropped.
 */
export function step(state: PadState, now: number, dtMs: number, speeds: PadSpeeds = DEFAULT_SPEEDS): PadState {
  const active = state.active.filter((e) => intensityAt(e, now, speeds) >= FADED);
  const dt = Number.isFinite(dtMs) ? Math.max(0, dtMs) : 0;
  const seconds = (dt / 1000) * speeds.speedup;
  const ec = emotionCentre(active, now, speeds);
  let mood: PAD;
  if (!ec) {
    mood = approach(state.mood, state.baseline, speeds.towardBaseline * seconds);
  } else {
    const stepLength = speeds.towardEmotions * seconds * ec.strength;
    const centreLength = length(ec.centre);
    const beyond = centreLength > 0 && dot(state.mood, ec.centre) / centreLength >= centreLength;
    mood = beyond
      ? add(state.mood, scale(ec.centre, stepLength / centreLength))
      : approach(state.mood, ec.centre, stepLength);
  }
  return { ...state, mood: clampPad(mood), active };
}

/** Changes where the mood rests (personality edit); the mood itself moves there over time. */
export function withBaseline(state: PadState, baseline: PAD): PadState {
  return { ...state, baseline: clampPad(baseline) };
}
