import assert from "node:assert/strict";
import fc from "fast-check";
import {
  AVERAGE_PERSONALITY,
  baselineOf,
  contagion,
  contagionWeight,
  DEFAULT_SPEEDS,
  distance,
  EMOTION_NAMES,
  EMOTIONS,
  type EmotionName,
  eventImpulses,
  impulse,
  initialState,
  moodLabel,
  type PAD,
  type PadState,
  roomMood,
  stableLabel,
  step,
} from "../../server/domain/pad/index.ts";

const inBounds = (v: PAD) => [v.p, v.a, v.d].every((x) => x >= -1 && x <= 1);
const trait = fc.double({ min: -1, max: 1, noNaN: true });
const pad = fc.record({ p: trait, a: trait, d: trait });
const emotion = fc.constantFrom(...EMOTION_NAMES);

/** Steps `state` for `ms` of simulated time in 100 ms ticks, returning the new state. */
function run(state: PadState, from: number, ms: number, speeds = DEFAULT_SPEEDS): PadState {
  let s = state;
  for (let t = 100; t <= ms; t += 100) s = step(s, from + t, 100, speeds);
  return s;
}

/** Minutes of simulated time until the mood is within `eps` of `target` (stepping 1 s). */
function minutesUntil(state: PadState, target: PAD, keep: (s: PadState, now: number) => PadState, speeds = DEFAULT_SPEEDS) {
  let s = state;
  for (let t = 1; t < 4 * 3600; t++) {
    s = step(keep(s, t * 1000), t * 1000, 1000, speeds);
    if (distance(s.mood, target) < 0.05) return t / 60;
  }
  return Number.POSITIVE_INFINITY;
}

describe("PAD engine", () => {
  it("[PAD1] Mehrabian's weights, with N read as neuroticism through stability = −N", () => {
    assert.deepEqual(baselineOf(AVERAGE_PERSONALITY), { p: 0, a: 0, d: 0 });
    const extravert = baselineOf({ ...AVERAGE_PERSONALITY, extraversion: 1 });
    assert.deepEqual(extravert, { p: 0.21, a: 0, d: 0.6 });
    const neurotic = baselineOf({ ...AVERAGE_PERSONALITY, neuroticism: 1 });
    const stable = baselineOf({ ...AVERAGE_PERSONALITY, neuroticism: -1 });
    assert.ok(neurotic.p < stable.p, "neuroticism lowers pleasure");
    assert.ok(neurotic.a > stable.a, "neuroticism raises arousal");
    assert.ok(Math.abs(neurotic.a - 0.57) < 1e-9 && Math.abs(neurotic.p + 0.19) < 1e-9);
    fc.assert(fc.property(fc.record({ openness: trait, conscientiousness: trait, extraversion: trait, agreeableness: trait, neuroticism: trait }), (t) => inBounds(baselineOf(t))));
  });

  it("[PAD2] the table carries ALMA's vectors", () => {
    assert.deepEqual(EMOTIONS.joy, { p: 0.4, a: 0.2, d: 0.1 });
    assert.deepEqual(EMOTIONS.anger, { p: -0.51, a: 0.59, d: 0.25 });
    assert.deepEqual(EMOTIONS.relief, { p: 0.2, a: -0.3, d: 0.4 });
    for (const name of EMOTION_NAMES) assert.ok(inBounds(EMOTIONS[name]), name);
  });

  it("[PAD3] the mood always stays within [-1, 1] for any impulses and steps", () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant("impulse" as const), emotion, intensity: fc.double({ min: -2, max: 3, noNaN: true }) }),
      fc.record({ kind: fc.constant("step" as const), ms: fc.integer({ min: 0, max: 600_000 }) }),
    );
    fc.assert(
      fc.property(pad, fc.array(action, { maxLength: 60 }), fc.integer({ min: 1, max: 3600 }), (base, actions, speedup) => {
        let s = initialState(base);
        let now = 0;
        for (const a of actions) {
          if (a.kind === "impulse") s = impulse(s, a.emotion as EmotionName, a.intensity, now);
          else {
            now += a.ms;
            s = step(s, now, a.ms, { ...DEFAULT_SPEEDS, speedup });
          }
          if (!inBounds(s.mood)) return false;
        }
        return s.active.length <= 8;
      }),
    );
  });

  it("[PAD4] with no input the mood returns to the baseline, never moving away from it", () => {
    fc.assert(
      fc.property(pad, pad, (base, start) => {
        let s: PadState = { mood: start, baseline: base, active: [] };
        let last = distance(s.mood, base);
        for (let t = 1; t <= 60; t++) {
          s = step(s, t * 60_000, 60_000);
          const now = distance(s.mood, base);
          if (now > last + 1e-12) return false;
          last = now;
        }
        return last < 1e-9;
      }),
    );
  });

  it("[PAD5] an impulse moves the mood toward the emotion's vector; a mood beyond it is pushed further out", () => {
    fc.assert(
      fc.property(emotion, (name) => {
        const s = impulse(initialState({ p: 0, a: 0, d: 0 }), name, 1, 0);
        const after = step(s, 1000, 1000, { ...DEFAULT_SPEEDS, speedup: 60 });
        return distance(after.mood, EMOTIONS[name]) < distance(s.mood, EMOTIONS[name]);
      }),
    );
    const far: PadState = { mood: { p: 0.8, a: 0.4, d: 0.2 }, baseline: { p: 0, a: 0, d: 0 }, active: [] };
    const pushed = step(impulse(far, "joy", 1, 0), 1000, 1000, { ...DEFAULT_SPEEDS, speedup: 60 });
    assert.ok(pushed.mood.p > far.mood.p, "pushed further into the joyful octant");
  });

  it("[PAD6] speeds follow ALMA: ~10 min between octant centres, ~20 min back to baseline; speed-up divides both", () => {
    // From the relaxed octant's centre toward a held emotion in the exuberant octant (distance ≈ 1).
    const fromCentre = { p: 0.5, a: -0.5, d: 0.5 };
    const keepFeeling = (s: PadState, now: number) => impulse(s, "gratification", 1, now);
    const minutes = minutesUntil(initialState(fromCentre), EMOTIONS.gratification, keepFeeling);
    assert.ok(minutes > 5 && minutes < 20, `octant to octant in ${minutes.toFixed(1)} min`);
    const corner: PadState = { mood: { p: 1, a: 1, d: 1 }, baseline: { p: 0, a: 0, d: 0 }, active: [] };
    const back = minutesUntil(corner, corner.baseline, (s) => s);
    assert.ok(back > 10 && back < 40, `back to baseline in ${back.toFixed(1)} min`);
    const fast = minutesUntil(corner, corner.baseline, (s) => s, { ...DEFAULT_SPEEDS, speedup: 60 });
    assert.ok(Math.abs(back / fast - 60) < 3, `speed-up 60 → ${(back / fast).toFixed(1)}×`);
  });

  it("[PAD7] labels: every octant by its signs, intensity by thirds of √3", () => {
    const cases: Array<[PAD, string]> = [
      [{ p: 1, a: 1, d: 1 }, "exuberant"],
      [{ p: 1, a: 1, d: -1 }, "dependent"],
      [{ p: 1, a: -1, d: 1 }, "relaxed"],
      [{ p: 1, a: -1, d: -1 }, "docile"],
      [{ p: -1, a: -1, d: -1 }, "bored"],
      [{ p: -1, a: -1, d: 1 }, "disdainful"],
      [{ p: -1, a: 1, d: -1 }, "anxious"],
      [{ p: -1, a: 1, d: 1 }, "hostile"],
    ];
    for (const [v, octant] of cases) assert.deepEqual(moodLabel(v), { octant, intensity: "full" });
    assert.equal(moodLabel({ p: 0.2, a: 0.2, d: 0.2 }).intensity, "slight");
    assert.equal(moodLabel({ p: 0.5, a: 0.5, d: 0.5 }).intensity, "moderate");
  });

  it("[PAD8] hysteresis: a mood oscillating within the margin around a border keeps its label", () => {
    let label = moodLabel({ p: 0.3, a: 0.01, d: 0.3 });
    const labels = new Set<string>();
    for (let i = 0; i < 100; i++) {
      label = stableLabel(label, { p: 0.3, a: i % 2 ? 0.03 : -0.03, d: 0.3 }, 0.05);
      labels.add(label.octant);
    }
    assert.deepEqual([...labels], ["exuberant"]);
    assert.equal(stableLabel(label, { p: 0.3, a: -0.2, d: 0.3 }, 0.05).octant, "relaxed", "a clear crossing switches");
  });

  it("[PAD9] contagion falls with distance and stops at the radius; caught emotions do not spread again", () => {
    assert.ok(contagionWeight(0) > contagionWeight(100));
    assert.ok(contagionWeight(100) > contagionWeight(200));
    assert.equal(contagionWeight(256), 0);
    const felt = [{ emotion: "joy" as const, intensity: 1, at: 0 }];
    const near = contagion([{ active: felt, distance: 10 }], 0);
    const far = contagion([{ active: felt, distance: 300 }], 0);
    assert.ok((near[0]?.intensity ?? 0) > 0);
    assert.deepEqual(far, []);
    assert.deepEqual(contagion([{ active: [{ ...felt[0]!, caught: true }], distance: 10 }], 0), []);
    const mood = roomMood([{ p: 1, a: -0.4, d: 0.4 }, { p: 0, a: 0, d: 0 }]);
    assert.deepEqual({ p: mood.p, a: mood.a, d: mood.d }, { p: 0.5, a: -0.2, d: 0.2 });
    assert.equal(mood.octant, "relaxed");
  });

  it("[PAD10] world events map to impulses; deterministic under an injected clock", () => {
    assert.deepEqual(eventImpulses({ kind: "emote-sent", emote: "cry" }), [{ emotion: "distress", intensity: 0.7 }]);
    assert.ok(eventImpulses({ kind: "post-received" }).length > 0);
    const a = run(impulse(initialState({ p: 0, a: 0, d: 0 }), "anger", 0.8, 0), 0, 5_000);
    const b = run(impulse(initialState({ p: 0, a: 0, d: 0 }), "anger", 0.8, 0), 0, 5_000);
    assert.deepEqual(a, b);
  });
});
