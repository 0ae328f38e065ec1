import { EMOTIONS } from "./emotions.ts";
import type { ActiveEmotion, EmotionName, PAD, PadState } from "./types.ts";
import { add, approach, clampPad, distance, dot, length, ORIGIN, SQRT3, scale, sub } from "./vector.ts";

/**
 * How fast things change, tuned for social time (docs/MOOD.md, PAD10): an emotion fades
 * over seconds, a few emotes within half a minute pull the mood into a new octant, the
 * pull past the emotion centre (ALMA's push) stops a short reach beyond it, and the
 * return to the personality's baseline always runs and takes minutes. ALMA's own speeds
 * (about 10 minutes between octants) suit a long conversation with an agent, not a room
 * people walk through; the model's shape is ALMA's, only the clock is faster.
 */
export interface PadSpeeds {
  /** Mood speed toward the emotion centre at mean intensity 1, PAD units per second. */
  towardEmotions: number;
  /** Mood speed back to the baseline, PAD units per second; applied on every step. */
  towardBaseline: number;
  /** Time for an emotion's intensity to halve (ms). */
  emotionHalfLifeMs: number;
  /** How far past the emotion centre, along its direction, emotions may push the mood. */
  pushReach: number;
  /** Deprecated (PAD_SPEEDUP): multiplies the mood speeds. 1 is the tuned social time. */
  speedup: number;
}

export const DEFAULT_SPEEDS: PadSpeeds = {
  towardEmotions: 0.065,
  towardBaseline: SQRT3 / 480,
  emotionHalfLifeMs: 8_000,
  pushReach: 0.3,
  speedup: 1,
};

/** Below this an emotion is gone. */
const FADED = 0.02;
/** At most this many emotions are active at once (the strongest survive). */
export const MAX_ACTIVE = 8;
/**
 * The most all caught (contagion) emotions together may weigh at once, whatever the crowd:
 * about one full-strength neighbour standing on top of you (PAD16).
 */
export const MAX_CAUGHT = 0.35;

export function initialState(baseline: PAD): PadState {
  return { mood: { ...baseline }, baseline: { ...baseline }, active: [] };
}

/** The intensity of an active emotion at `now`. */
export function intensityAt(e: ActiveEmotion, now: number, speeds: PadSpeeds = DEFAULT_SPEEDS): number {
  const elapsed = Math.max(0, now - e.at);
  return e.intensity * 0.5 ** (elapsed / speeds.emotionHalfLifeMs);
}

/** The summed intensity at `now` of the caught emotions in `active`. */
export function caughtTotal(active: readonly ActiveEmotion[], now: number, speeds: PadSpeeds = DEFAULT_SPEEDS): number {
  return active.reduce((sum, e) => sum + (e.caught ? intensityAt(e, now, speeds) : 0), 0);
}

/**
 * Adds an emotion. The same emotion felt first-hand again adds up (two waves cheer more
 * than one, capped at 1). A caught emotion (contagion) merges by maximum instead: the
 * room re-sends its exposure every second, and summing would drive a weak, distant
 * feeling to full intensity within seconds, defeating the distance weighting. All caught
 * emotions together stay within MAX_CAUGHT.
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
  const merged = caught
    ? Math.min(Math.max(strength, current), MAX_CAUGHT - caughtTotal(others, now, speeds))
    : Math.min(1, strength + current);
  if (!(merged > 0)) return state;
  const next: ActiveEmotion = { emotion, intensity: merged, at: now, ...(caught ? { caught: true } : {}) };
  const active = [...others, next]
    .sort((x, y) => intensityAt(y, now, speeds) - intensityAt(x, now, speeds))
    .slice(0, MAX_ACTIVE);
  return { ...state, active };
}

/**
 * The emotion centre: the intensity-weighted mean of active emotions' vectors, and how
 * hard it pulls: ALMA's mean intensity of the active emotions (not their sum, so many
 * faint feelings do not add up to one strong one).
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
  return total > 0 ? { centre: scale(sum, 1 / total), strength: total / active.length } : null;
}

/**
 * ALMA's pull and push (Gebhard 2005, mood change), bounded: a mood short of the emotion
 * centre (its projection on the centre's direction is shorter than the centre) is pulled
 * toward the centre; once there, what is left of the step pushes it further out along
 * the centre's direction, but never past `reach` beyond the centre. A mood already past
 * that point is left to the baseline's pull: emotions never drag it back down.
 */
function towardEmotion(mood: PAD, centre: PAD, stepLength: number, reach: number): PAD {
  const c = length(centre);
  if (c === 0 || stepLength <= 0) return mood;
  let at = mood;
  let left = stepLength;
  if (dot(at, centre) / c < c) {
    const gap = distance(at, centre);
    if (gap > left) return approach(at, centre, left);
    at = { ...centre };
    left -= gap;
  }
  const room = c + reach - dot(at, centre) / c;
  return room > 0 ? add(at, scale(centre, Math.min(left, room) / c)) : at;
}

/**
 * Advances the mood by `dtMs`: active emotions pull (and push, bounded) it with their
 * mean intensity, and the baseline pulls it back on every step, with or without active
 * emotions, so a mood never stays away once the feelings fade. Faded emotions are dropped.
 */
export function step(state: PadState, now: number, dtMs: number, speeds: PadSpeeds = DEFAULT_SPEEDS): PadState {
  const active = state.active.filter((e) => intensityAt(e, now, speeds) >= FADED);
  const dt = Number.isFinite(dtMs) ? Math.max(0, dtMs) : 0;
  const seconds = (dt / 1000) * speeds.speedup;
  const ec = emotionCentre(active, now, speeds);
  let mood = state.mood;
  if (ec) mood = towardEmotion(mood, ec.centre, speeds.towardEmotions * seconds * ec.strength, speeds.pushReach);
  mood = approach(mood, state.baseline, speeds.towardBaseline * seconds);
  return { ...state, mood: clampPad(mood), active };
}

/**
 * Changes where the mood rests (personality edit). The mood moves with it, keeping its
 * offset from the resting point, so a slider shows at once instead of over the minutes
 * the return to the baseline takes; what was felt before the edit is kept.
 */
export function withBaseline(state: PadState, baseline: PAD): PadState {
  const next = clampPad(baseline);
  return { ...state, baseline: next, mood: clampPad(add(state.mood, sub(next, state.baseline))) };
}
