import assert from "node:assert/strict";
import fc from "fast-check";
import {
  AVERAGE_PERSONALITY,
  baselineOf,
  type BigFive,
  contagion,
  contagionWeight,
  DEFAULT_CONTAGION,
  DEFAULT_SPEEDS,
  distance,
  EMOTION_NAMES,
  EMOTIONS,
  type EmotionName,
  eventImpulses,
  impulse,
  initialState,
  intensityAt,
  length,
  MAX_ACTIVE,
  type MoodLabel,
  moodLabel,
  type PAD,
  type PadSpeeds,
  type PadState,
  roomMood,
  SQRT3,
  stableLabel,
  step,
  type WorldEvent,
} from "../../server/domain/pad/index.ts";

const ZERO: PAD = { p: 0, a: 0, d: 0 };
const inBounds = (v: PAD) => [v.p, v.a, v.d].every((x) => x >= -1 && x <= 1);
const near = (x: number, y: number, eps = 1e-9) => Math.abs(x - y) < eps;
const nearPad = (v: PAD, w: PAD, eps = 1e-9) => near(v.p, w.p, eps) && near(v.a, w.a, eps) && near(v.d, w.d, eps);
const unit = fc.double({ min: -1, max: 1, noNaN: true });
const pad = fc.record({ p: unit, a: unit, d: unit });
const bigFive = fc.record({ openness: unit, conscientiousness: unit, extraversion: unit, agreeableness: unit, neuroticism: unit });
const emotion = fc.constantFrom(...EMOTION_NAMES);
const fast = (speedup: number): PadSpeeds => ({ ...DEFAULT_SPEEDS, speedup });

type Action = { kind: "impulse"; emotion: EmotionName; intensity: number } | { kind: "step"; ms: number };
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant("impulse" as const), emotion, intensity: fc.double({ min: -2, max: 3, noNaN: true }) }),
  fc.record({ kind: fc.constant("step" as const), ms: fc.integer({ min: 0, max: 600_000 }) }),
);

/** Replays actions on an injected clock starting at 0; returns every state visited. */
function replay(base: PAD, actions: readonly Action[], speeds: PadSpeeds): PadState[] {
  let s = initialState(base);
  let now = 0;
  const seen = [s];
  for (const a of actions) {
    if (a.kind === "impulse") s = impulse(s, a.emotion, a.intensity, now, { speeds });
    else {
      now += a.ms;
      s = step(s, now, a.ms, speeds);
    }
    seen.push(s);
  }
  return seen;
}

/** Simulated ms until the mood is within 0.05 of `target`, stepping `tickMs` and applying `keep` before each step. */
function msUntil(start: PadState, target: PAD, keep: (s: PadState, now: number) => PadState, speeds: PadSpeeds, tickMs: number) {
  let s = start;
  for (let now = tickMs; now < 4 * 3_600_000; now += tickMs) {
    s = step(keep(s, now), now, tickMs, speeds);
    if (distance(s.mood, target) < 0.05) return now;
  }
  return Number.POSITIVE_INFINITY;
}

describe("PAD engine: personality", () => {
  it("[PAD1] Mehrabian's weights give the published values for sample personalities", () => {
    assert.deepEqual(baselineOf(AVERAGE_PERSONALITY), ZERO);
    const only = (trait: keyof BigFive, value = 1) => baselineOf({ ...AVERAGE_PERSONALITY, [trait]: value });
    assert.ok(nearPad(only("extraversion"), { p: 0.21, a: 0, d: 0.6 }));
    assert.ok(nearPad(only("agreeableness"), { p: 0.59, a: 0.3, d: -0.32 }));
    assert.ok(nearPad(only("openness"), { p: 0, a: 0.15, d: 0.25 }));
    assert.ok(nearPad(only("conscientiousness"), { p: 0, a: 0, d: 0.17 }));
    // Neuroticism 1 is stability −1: P = .19·(−1), A = −.57·(−1).
    assert.ok(nearPad(only("neuroticism"), { p: -0.19, a: 0.57, d: 0 }));
    // A mixed profile by hand: O .5, C −.4, E .2, A .6, N −.3 (stability .3).
    const mixed = baselineOf({ openness: 0.5, conscientiousness: -0.4, extraversion: 0.2, agreeableness: 0.6, neuroticism: -0.3 });
    assert.ok(nearPad(mixed, { p: 0.453, a: 0.084, d: -0.015 }), JSON.stringify(mixed));
  });

  it("[PAD1] N is neuroticism: more of it lowers pleasure and raises arousal; extraversion raises P and D", () => {
    fc.assert(
      fc.property(bigFive, unit, unit, (t, x, y) => {
        fc.pre(Math.abs(x - y) > 0.01);
        const [hi, lo] = x > y ? [x, y] : [y, x];
        const neurotic = baselineOf({ ...t, neuroticism: hi });
        const stable = baselineOf({ ...t, neuroticism: lo });
        const extravert = baselineOf({ ...t, extraversion: hi });
        const introvert = baselineOf({ ...t, extraversion: lo });
        // |P| ≤ .99 never clamps; A and D can reach the bound of 1, so those only never decrease.
        return (
          neurotic.p < stable.p &&
          neurotic.a >= stable.a &&
          (stable.a === 1 || neurotic.a > stable.a) &&
          extravert.p > introvert.p &&
          extravert.d >= introvert.d &&
          (introvert.d === 1 || extravert.d > introvert.d)
        );
      }),
    );
    fc.assert(fc.property(bigFive, (t) => inBounds(baselineOf(t))));
  });
});

describe("PAD engine: emotions and dynamics", () => {
  it("[PAD2] the table carries ALMA's vectors", () => {
    const alma: Record<EmotionName, [number, number, number]> = {
      joy: [0.4, 0.2, 0.1],
      distress: [-0.4, -0.2, -0.5],
      anger: [-0.51, 0.59, 0.25],
      fear: [-0.64, 0.6, -0.43],
      pride: [0.4, 0.3, 0.3],
      shame: [-0.3, 0.1, -0.6],
      gratitude: [0.4, 0.2, -0.3],
      relief: [0.2, -0.3, 0.4],
      admiration: [0.5, 0.3, -0.2],
      reproach: [-0.3, -0.1, 0.4],
      liking: [0.4, 0.16, -0.24],
      disliking: [-0.4, 0.2, 0.1],
      hope: [0.2, 0.2, -0.1],
      disappointment: [-0.3, 0.1, -0.4],
      gloating: [0.3, -0.3, -0.1],
      pity: [-0.4, -0.2, -0.5],
      resentment: [-0.2, -0.3, -0.2],
      "happy-for": [0.4, 0.2, 0.2],
      satisfaction: [0.3, -0.2, 0.4],
      "fears-confirmed": [-0.5, -0.3, -0.7],
      remorse: [-0.3, 0.1, -0.6],
      gratification: [0.6, 0.5, 0.4],
    };
    assert.deepEqual(new Set(EMOTION_NAMES), new Set(Object.keys(alma)));
    for (const name of EMOTION_NAMES) {
      const [p, a, d] = alma[name];
      assert.deepEqual(EMOTIONS[name], { p, a, d }, name);
    }
  });

  it("[PAD3] the mood always stays within [-1, 1] for any impulses and steps, at any speed-up", () => {
    fc.assert(
      fc.property(pad, fc.array(action, { maxLength: 60 }), fc.integer({ min: 1, max: 3600 }), (base, actions, speedup) =>
        replay(base, actions, fast(speedup)).every(
          (s) => inBounds(s.mood) && s.active.length <= MAX_ACTIVE && s.active.every((e) => e.intensity > 0 && e.intensity <= 1),
        ),
      ),
    );
  });

  it("[PAD3] same inputs, same outputs: deterministic under an injected clock", () => {
    fc.assert(
      fc.property(pad, fc.array(action, { maxLength: 40 }), (base, actions) => {
        assert.deepEqual(replay(base, actions, DEFAULT_SPEEDS), replay(base, actions, DEFAULT_SPEEDS));
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

  it("[PAD5] pull: a mood short of the emotion's vector moves toward it", () => {
    fc.assert(
      fc.property(emotion, pad, fc.double({ min: 0.05, max: 1, noNaN: true }), (name, start, intensity) => {
        const target = EMOTIONS[name];
        const projection = (start.p * target.p + start.a * target.a + start.d * target.d) / length(target);
        fc.pre(projection < length(target) && distance(start, target) > 1e-6);
        const s = impulse({ mood: start, baseline: ZERO, active: [] }, name, intensity, 0);
        const after = step(s, 1000, 1000, fast(60));
        return distance(after.mood, target) < distance(start, target);
      }),
    );
  });

  it("[PAD5] push: a mood beyond the emotion centre is pushed further out, stopped by the bounds", () => {
    fc.assert(
      fc.property(emotion, fc.double({ min: 1.05, max: 1.6, noNaN: true }), (name, k) => {
        const target = EMOTIONS[name];
        const start = { p: target.p * k, a: target.a * k, d: target.d * k };
        fc.pre(inBounds(start));
        const after = step(impulse({ mood: start, baseline: ZERO, active: [] }, name, 1, 0), 1000, 1000, fast(60));
        return length(after.mood) > length(start) && distance(after.mood, target) > distance(start, target);
      }),
    );
    let s = impulse({ mood: { p: 0.8, a: 0.4, d: 0.2 }, baseline: ZERO, active: [] }, "joy", 1, 0);
    for (let t = 1; t <= 60; t++) s = step(impulse(s, "joy", 1, t * 1000), t * 1000, 1000, fast(60));
    assert.equal(s.mood.p, 1, "held joy drives pleasure to the bound and no further");
  });

  it("[PAD6] emotions decay with the half-life, merge by name, are capped, and fade out", () => {
    const s = impulse(initialState(ZERO), "joy", 0.8, 0);
    const [joy] = s.active;
    assert.ok(joy && near(intensityAt(joy, DEFAULT_SPEEDS.emotionHalfLifeMs), 0.4));
    const twice = impulse(impulse(initialState(ZERO), "joy", 0.3, 0), "joy", 0.4, 0);
    assert.deepEqual(twice.active, [{ emotion: "joy", intensity: 0.7, at: 0 }]);
    const many = EMOTION_NAMES.reduce((acc, name, i) => impulse(acc, name, 0.1 + i / 100, 0), initialState(ZERO));
    assert.equal(many.active.length, MAX_ACTIVE);
    assert.ok(many.active.every((e) => e.intensity >= 0.1 + (EMOTION_NAMES.length - MAX_ACTIVE) / 100 - 1e-9), "the strongest survive");
    const later = step(s, 10 * DEFAULT_SPEEDS.emotionHalfLifeMs, 1000);
    assert.deepEqual(later.active, [], "faded after ten half-lives");
    assert.equal(impulse(s, "anger", Number.NaN, 0), s, "a NaN impulse is ignored");
  });

  it("[PAD7] speeds: ~10 min between octant centres, ~20 min back to baseline; speed-up 60 is 60× faster", () => {
    // From the relaxed octant's centre to a held emotion in the neighbouring exuberant octant, ≈1 away.
    const fromCentre = initialState({ p: 0.5, a: -0.5, d: 0.5 });
    assert.ok(near(distance(fromCentre.mood, EMOTIONS.gratification), 1, 0.02));
    const hold = (s: PadState, now: number) => impulse(s, "gratification", 1, now);
    const octant = msUntil(fromCentre, EMOTIONS.gratification, hold, DEFAULT_SPEEDS, 1000) / 60_000;
    assert.ok(octant > 5 && octant < 20, `octant to octant in ${octant.toFixed(1)} min`);
    const corner: PadState = { mood: { p: 1, a: 1, d: 1 }, baseline: ZERO, active: [] };
    const back = msUntil(corner, ZERO, (s) => s, DEFAULT_SPEEDS, 1000) / 60_000;
    assert.ok(back > 10 && back < 40, `back to baseline in ${back.toFixed(1)} min`);

    const octantFast = msUntil(fromCentre, EMOTIONS.gratification, hold, fast(60), 50) / 60_000;
    const backFast = msUntil(corner, ZERO, (s) => s, fast(60), 50) / 60_000;
    assert.ok(near(octant / octantFast, 60, 3), `octant speed-up ${(octant / octantFast).toFixed(1)}×`);
    assert.ok(near(back / backFast, 60, 3), `baseline speed-up ${(back / backFast).toFixed(1)}×`);
  });
});

describe("PAD engine: labels", () => {
  it("[PAD8] every octant by its signs; intensity by thirds of √3", () => {
    const cases: Array<[PAD, MoodLabel["octant"]]> = [
      [{ p: 1, a: 1, d: 1 }, "exuberant"],
      [{ p: 1, a: 1, d: -1 }, "dependent"],
      [{ p: 1, a: -1, d: 1 }, "relaxed"],
      [{ p: 1, a: -1, d: -1 }, "docile"],
      [{ p: -1, a: -1, d: -1 }, "bored"],
      [{ p: -1, a: -1, d: 1 }, "disdainful"],
      [{ p: -1, a: 1, d: -1 }, "anxious"],
      [{ p: -1, a: 1, d: 1 }, "hostile"],
    ];
    for (const [v, octant] of cases) {
      assert.deepEqual(moodLabel(v), { octant, intensity: "full" });
      const third = (k: number) => ({ p: (v.p * k) / 3, a: (v.a * k) / 3, d: (v.d * k) / 3 });
      assert.deepEqual(moodLabel(third(0.9)), { octant, intensity: "slight" });
      assert.deepEqual(moodLabel(third(1.1)), { octant, intensity: "moderate" });
      assert.deepEqual(moodLabel(third(1.9)), { octant, intensity: "moderate" });
      assert.deepEqual(moodLabel(third(2.1)), { octant, intensity: "full" });
    }
  });

  it("[PAD9] hysteresis: a mood oscillating within the margin around a border keeps its label", () => {
    let label = moodLabel({ p: 0.3, a: 0.01, d: 0.3 });
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      label = stableLabel(label, { p: 0.3, a: i % 2 ? 0.04 : -0.04, d: 0.3 }, 0.05);
      seen.add(`${label.octant}/${label.intensity}`);
    }
    assert.deepEqual([...seen], ["exuberant/slight"]);
    assert.equal(stableLabel(label, { p: 0.3, a: -0.2, d: 0.3 }, 0.05).octant, "relaxed", "a clear crossing switches");

    // The same around the slight/moderate border at √3/3 ≈ 0.577.
    const along = (r: number): PAD => ({ p: r / SQRT3, a: r / SQRT3, d: r / SQRT3 });
    let byDistance = moodLabel(along(0.56));
    for (let i = 0; i < 100; i++) byDistance = stableLabel(byDistance, along(SQRT3 / 3 + (i % 2 ? 0.04 : -0.04)), 0.05);
    assert.equal(byDistance.intensity, "slight");
    assert.equal(stableLabel(byDistance, along(0.7), 0.05).intensity, "moderate");
  });

  it("[PAD9] hysteresis agrees with the plain label whenever the mood is clearly inside a region", () => {
    const margin = 0.05;
    const label = fc.record({
      octant: fc.constantFrom(...(["exuberant", "dependent", "relaxed", "docile", "bored", "disdainful", "anxious", "hostile"] as const)),
      intensity: fc.constantFrom(...(["slight", "moderate", "full"] as const)),
    });
    // Each axis clearly off zero by construction; the distance check rejects only a few.
    const axis = fc.tuple(fc.boolean(), fc.double({ min: margin + 1e-3, max: 1, noNaN: true })).map(([neg, x]) => (neg ? -x : x));
    fc.assert(
      fc.property(label, fc.record({ p: axis, a: axis, d: axis }), (previous, v) => {
        const r = length(v);
        fc.pre([SQRT3 / 3, (2 * SQRT3) / 3].every((b) => Math.abs(r - b) > margin));
        assert.deepEqual(stableLabel(previous, v, margin), moodLabel(v));
        assert.deepEqual(stableLabel(null, v, margin), moodLabel(v));
      }),
    );
  });
});

describe("PAD engine: contagion, room mood, world events", () => {
  it("[PAD10] contagion falls with distance and is zero at and past the radius", () => {
    const { radius } = DEFAULT_CONTAGION;
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2 * radius, noNaN: true }), fc.double({ min: 0, max: 2 * radius, noNaN: true }), (x, y) => {
        const [closer, further] = x < y ? [x, y] : [y, x];
        if (contagionWeight(closer) < contagionWeight(further)) return false;
        return further < radius || contagionWeight(further) === 0;
      }),
    );
    assert.ok(contagionWeight(0) > contagionWeight(100) && contagionWeight(100) > contagionWeight(200));
    assert.equal(contagionWeight(radius), 0);
    const felt = [{ emotion: "joy" as const, intensity: 1, at: 0 }];
    const at = (d: number) => contagion([{ active: felt, distance: d }], 0)[0]?.intensity ?? 0;
    assert.ok(at(10) > at(100) && at(100) > 0);
    assert.equal(at(radius + 1), 0);
    assert.ok(near(at(0), DEFAULT_CONTAGION.base), "full weight is the base, well below a first-hand feeling");
    assert.deepEqual(contagion([{ emotion: "anger", intensity: 1, distance: 0 }], 0), [{ emotion: "anger", intensity: 0.35 }]);
  });

  it("[PAD10] caught emotions do not spread again, and repeated exposure holds rather than accumulates", () => {
    const caught = [{ emotion: "joy" as const, intensity: 1, at: 0, caught: true }];
    assert.deepEqual(contagion([{ active: caught, distance: 10 }], 0), []);
    const neighbour = [{ active: [{ emotion: "joy" as const, intensity: 1, at: 0 }], distance: 128 }];
    let receiver = initialState(ZERO);
    for (let now = 0; now <= 10_000; now += 1000) {
      for (const c of contagion(neighbour, 0)) receiver = impulse(receiver, c.emotion, c.intensity, now, { caught: true });
    }
    const exposure = contagionWeight(128);
    assert.ok(near(receiver.active[0]?.intensity ?? 0, exposure), `held at ${exposure}, not summed`);
  });

  it("[PAD11] room mood is the mean mood with its label", () => {
    const mood = roomMood([{ p: 1, a: -0.4, d: 0.4 }, ZERO]);
    assert.deepEqual({ p: mood.p, a: mood.a, d: mood.d }, { p: 0.5, a: -0.2, d: 0.2 });
    assert.equal(mood.octant, "relaxed");
    assert.equal(mood.intensity, "slight");
    assert.deepEqual(roomMood([]), { ...ZERO, octant: "exuberant", intensity: "slight" });
  });

  it("[PAD12] world events map to impulses for the sender and the target", () => {
    assert.deepEqual(eventImpulses({ kind: "emote-sent", emote: "cry" }), [{ who: "self", emotion: "distress", intensity: 0.7 }]);
    const hug = eventImpulses({ kind: "emote", emote: "hug" });
    assert.deepEqual(
      hug.filter((i) => i.who === "target").map(({ emotion, intensity }) => ({ who: "self", emotion, intensity })),
      eventImpulses({ kind: "emote-received", emote: "hug" }),
      "the target's side of an emote is what emote-received gives",
    );
    assert.deepEqual(
      hug.filter((i) => i.who === "self"),
      eventImpulses({ kind: "emote-sent", emote: "hug" }),
    );
    const names = (e: WorldEvent) => eventImpulses(e).map((i) => i.emotion);
    assert.deepEqual(names({ kind: "ignored" }), ["distress", "resentment"]);
    assert.deepEqual(names({ kind: "post-received" }), ["joy", "gratitude", "pride"]);
    const kinds: WorldEvent[] = [
      { kind: "chat-sent" },
      { kind: "chat-heard" },
      { kind: "ignored" },
      { kind: "like-received" },
      { kind: "post-received" },
      ...(["wave", "laugh", "cheer", "hug", "cry", "dance", "poke"] as const).flatMap((emote): WorldEvent[] => [
        { kind: "emote-sent", emote },
        { kind: "emote-received", emote },
      ]),
    ];
    for (const e of kinds) {
      const out = eventImpulses(e);
      assert.ok(out.length > 0, e.kind);
      for (const i of out) assert.ok(i.who === "self" && i.intensity > 0 && i.intensity <= 1 && i.emotion in EMOTIONS, JSON.stringify(e));
    }
  });
});
