import assert from "node:assert/strict";
import fc from "fast-check";
import { EMOTION_WORDS, emotionWord, moodWords } from "../../schema/rules/feelings.ts";
import {
  AVERAGE_PERSONALITY,
  baselineOf,
  type BigFive,
  caughtTotal,
  contagion,
  contagionWeight,
  DEFAULT_CONTAGION,
  DEFAULT_SPEEDS,
  distance,
  EMOTION_NAMES,
  EMOTIONS,
  type EmotionName,
  emotionCentre,
  eventImpulses,
  feelsIgnored,
  idleRoom,
  impulse,
  inContact,
  isAway,
  initialState,
  intensityAt,
  LABEL_MARGIN,
  length,
  MAX_ACTIVE,
  MAX_CAUGHT,
  type MoodLabel,
  moodLabel,
  NEUTRAL_RADIUS,
  type PAD,
  type PadSpeeds,
  type PadState,
  roomMood,
  SQRT3,
  socialScenarios,
  stableLabel,
  step,
  withBaseline,
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

/** The furthest a mood got along an emotion's direction. */
const along = (m: PAD, v: PAD) => (m.p * v.p + m.a * v.a + m.d * v.d) / length(v);
const OCTANT_NAMES = ["exuberant", "dependent", "relaxed", "docile", "bored", "disdainful", "anxious", "hostile"] as const;
const anyLabel = fc.record({
  octant: fc.constantFrom(...OCTANT_NAMES, "neutral" as const),
  intensity: fc.constantFrom(...(["slight", "moderate", "full"] as const)),
});

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

  it("[PAD2] N is neuroticism: more of it lowers pleasure and raises arousal; extraversion raises P and D", () => {
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

describe("PAD engine: emotions and dynamics", function () {
  // Simulated trajectories (minutes of 50 ms ticks) take seconds on a loaded machine.
  this.timeout(20_000);
  it("[PAD3] the table carries ALMA's vectors", () => {
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

  it("[PAD4] the mood always stays within [-1, 1] for any impulses and steps, at any speed-up", () => {
    fc.assert(
      fc.property(pad, fc.array(action, { maxLength: 60 }), fc.integer({ min: 1, max: 3600 }), (base, actions, speedup) =>
        replay(base, actions, fast(speedup)).every(
          (s) => inBounds(s.mood) && s.active.length <= MAX_ACTIVE && s.active.every((e) => e.intensity > 0 && e.intensity <= 1),
        ),
      ),
    );
  });

  it("[PAD5] same inputs, same outputs: deterministic under an injected clock", () => {
    fc.assert(
      fc.property(pad, fc.array(action, { maxLength: 40 }), (base, actions) => {
        assert.deepEqual(replay(base, actions, DEFAULT_SPEEDS), replay(base, actions, DEFAULT_SPEEDS));
      }),
    );
  });

  it("[PAD6] with no input the mood returns to the baseline within minutes, never moving away from it", () => {
    fc.assert(
      fc.property(pad, pad, (base, start) => {
        let s: PadState = { mood: start, baseline: base, active: [] };
        let last = distance(s.mood, base);
        for (let t = 1; t <= 20; t++) {
          s = step(s, t * 60_000, 60_000);
          const now = distance(s.mood, base);
          if (now > last + 1e-12) return false;
          last = now;
        }
        return last < 1e-9;
      }),
    );
    // The full diagonal (2√3, corner to corner) in about a quarter of an hour; one octant's width in minutes.
    assert.ok(2 * SQRT3 / DEFAULT_SPEEDS.towardBaseline / 60 <= 16);
  });

  it("[PAD6] a personality edit moves the mood with the baseline, keeping its offset", () => {
    const s: PadState = { mood: { p: 0.3, a: 0.1, d: 0 }, baseline: ZERO, active: [] };
    const edited = withBaseline(s, { p: 0.2, a: -0.2, d: 0.5 });
    assert.ok(nearPad(edited.mood, { p: 0.5, a: -0.1, d: 0.5 }));
    assert.ok(inBounds(withBaseline({ ...s, mood: { p: 0.9, a: 0, d: 0 } }, { p: 0.8, a: 0, d: 0 }).mood));
  });

  it("[PAD6] the return to the baseline runs while emotions are active too", () => {
    // Past the push limit a held emotion does nothing, so only the baseline's pull shows.
    const start = { p: 0.9, a: 0.6, d: 0.5 };
    assert.ok(along(start, EMOTIONS.joy) > length(EMOTIONS.joy) + DEFAULT_SPEEDS.pushReach);
    const s = impulse({ mood: start, baseline: ZERO, active: [] }, "joy", 1, 0);
    const after = step(s, 1000, 1000);
    assert.ok(near(distance(start, ZERO) - distance(after.mood, ZERO), DEFAULT_SPEEDS.towardBaseline, 1e-9));
    // A faint emotion cannot hold a mood away from the baseline: it ends there while the emotion lives.
    // "Faint": at half the intensity whose pull would balance the baseline's.
    const faintness = (0.5 * DEFAULT_SPEEDS.towardBaseline) / DEFAULT_SPEEDS.towardEmotions;
    let faint: PadState = { mood: { p: 0.3, a: 0.1, d: 0 }, baseline: ZERO, active: [] };
    for (let t = 1; t <= 12_000; t++) faint = step(impulse(faint, "joy", faintness, t * 50, { caught: true }), t * 50, 50);
    assert.ok(length(faint.mood) < 0.05, JSON.stringify(faint.mood));
  });

  it("[PAD7] pull: a mood short of the emotion's vector moves toward it", () => {
    fc.assert(
      fc.property(emotion, pad, pad, fc.double({ min: 0.2, max: 1, noNaN: true }), (name, start, base, intensity) => {
        const target = EMOTIONS[name];
        fc.pre(along(start, target) < length(target) && distance(start, target) > 0.1);
        const s = impulse({ mood: start, baseline: base, active: [] }, name, intensity, 0);
        const after = step(s, 1000, 1000);
        return distance(after.mood, target) < distance(start, target);
      }),
    );
  });

  it("[PAD7] the pull's strength is ALMA's mean intensity of the active emotions, not their sum", () => {
    const strong = impulse(initialState(ZERO), "joy", 0.8, 0);
    const plusFaint = impulse(strong, "pride", 0.2, 0);
    assert.ok(near(emotionCentre(strong.active, 0)?.strength ?? 0, 0.8));
    assert.ok(near(emotionCentre(plusFaint.active, 0)?.strength ?? 0, 0.5));
    const many = (["joy", "pride", "liking", "gratitude", "hope"] as const).reduce((s, e) => impulse(s, e, 0.2, 0), initialState(ZERO));
    assert.ok(near(emotionCentre(many.active, 0)?.strength ?? 0, 0.2), "five faint feelings pull like one faint feeling");
  });

  it("[PAD8] push: a mood past the emotion centre goes further out, but never past the reach beyond the centre", () => {
    const reach = DEFAULT_SPEEDS.pushReach;
    for (const name of EMOTION_NAMES) {
      const target = EMOTIONS[name];
      const c = length(target);
      let s = initialState(ZERO);
      let furthest = 0;
      for (let t = 50; t <= 180_000; t += 50) {
        s = step(impulse(s, name, 1, t), t, 50);
        furthest = Math.max(furthest, along(s.mood, target));
      }
      assert.ok(furthest <= c + reach + 1e-9, `${name}: ${furthest} beyond ${c} + ${reach}`);
      assert.ok(along(s.mood, target) > c + reach / 2, `${name}: held, it is pushed past the centre (${along(s.mood, target)})`);
    }
    fc.assert(
      fc.property(emotion, fc.double({ min: 1.02, max: 1.3, noNaN: true }), (name, k) => {
        const target = EMOTIONS[name];
        const start = { p: target.p * k, a: target.a * k, d: target.d * k };
        fc.pre(inBounds(start) && along(start, target) < length(target) + DEFAULT_SPEEDS.pushReach - 0.02);
        const after = step(impulse({ mood: start, baseline: start, active: [] }, name, 1, 0), 1000, 1000);
        return along(after.mood, target) > along(start, target);
      }),
    );
  });

  it("[PAD8] a cheerful person laughing is not driven to the bounds (the old push reached (1, 1, 1))", () => {
    const cheerful = baselineOf({ ...AVERAGE_PERSONALITY, extraversion: 1, agreeableness: 1 });
    let s = initialState(cheerful);
    for (let t = 50; t <= 120_000; t += 50) s = step(t % 2000 === 0 ? impulse(s, "joy", 0.6, t) : s, t, 50);
    assert.ok(Math.max(s.mood.p, s.mood.a, s.mood.d) < 0.99, JSON.stringify(s.mood));
  });

  it("[PAD9] emotions fade over seconds with the half-life, merge by name, are capped, and fade out", () => {
    assert.ok(DEFAULT_SPEEDS.emotionHalfLifeMs >= 2_000 && DEFAULT_SPEEDS.emotionHalfLifeMs <= 20_000, "seconds, not minutes");
    const s = impulse(initialState(ZERO), "joy", 0.8, 0);
    const [joy] = s.active;
    assert.ok(joy && near(intensityAt(joy, DEFAULT_SPEEDS.emotionHalfLifeMs), 0.4));
    const twice = impulse(impulse(initialState(ZERO), "joy", 0.3, 0), "joy", 0.4, 0);
    assert.deepEqual(twice.active, [{ emotion: "joy", intensity: 0.7, at: 0 }]);
    const many = EMOTION_NAMES.reduce((acc, name, i) => impulse(acc, name, 0.1 + i / 100, 0), initialState(ZERO));
    assert.equal(many.active.length, MAX_ACTIVE);
    assert.ok(many.active.every((e) => e.intensity >= 0.1 + (EMOTION_NAMES.length - MAX_ACTIVE) / 100 - 1e-9), "the strongest survive");
    assert.deepEqual(step(s, 60_000, 1000).active, [], "a strong emotion is gone within a minute");
    assert.equal(impulse(s, "anger", Number.NaN, 0), s, "a NaN impulse is ignored");
  });

  it("[PAD10] social time: the scripted sequences meet their targets (npm run bench:mood prints them)", () => {
    for (const scenario of socialScenarios()) {
      for (const t of scenario.targets) assert.ok(t.met, `${scenario.name}: ${t.statement} = ${t.value}`);
    }
    for (const t of idleRoom().targets) assert.ok(t.met, `idle room: ${t.statement} = ${t.value}`);
  });

  it("[PAD10] three waves move a neutral person's label within 30 s; it is neutral again within 5 minutes", () => {
    const three = socialScenarios().find((s) => s.name === "three waves");
    const changes = three?.trajectory.changes ?? [];
    assert.equal(changes[0]?.label, "neutral");
    assert.ok((changes[1]?.t ?? Number.POSITIVE_INFINITY) <= 30_000, JSON.stringify(changes));
    assert.match(changes[1]?.label ?? "", /exuberant$/);
    assert.equal(changes.at(-1)?.label, "neutral");
    assert.ok((changes.at(-1)?.t ?? Number.POSITIVE_INFINITY) <= 4_000 + 5 * 60_000);
  });

  it("[PAD11] PAD_SPEEDUP is deprecated: 1 by default, and it only scales the mood's speeds", () => {
    assert.equal(DEFAULT_SPEEDS.speedup, 1);
    const far: PadState = { mood: { p: 1, a: 1, d: 1 }, baseline: ZERO, active: [] };
    const moved = (speedup: number) => SQRT3 - length(step(far, 50, 50, fast(speedup)).mood);
    assert.ok(near(moved(60) / moved(1), 60, 1e-6));
    const joy = impulse(initialState(ZERO), "joy", 1, 0, { speeds: fast(60) });
    assert.ok(near(intensityAt(joy.active[0] as (typeof joy.active)[0], 8_000, fast(60)), intensityAt(joy.active[0] as (typeof joy.active)[0], 8_000)));
  });
});

describe("PAD engine: labels", () => {
  it("[PAD12] every octant by its signs; intensity by thirds of √3", () => {
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

  it("[PAD12] an axis at zero reads pleased, calm, submissive: single-trait temperaments read as named", () => {
    const rest = (trait: keyof BigFive) => moodLabel(baselineOf({ ...AVERAGE_PERSONALITY, [trait]: 1 })).octant;
    assert.equal(rest("neuroticism"), "anxious", "a pure neurotic at D = 0 is anxious, not hostile");
    assert.equal(rest("extraversion"), "relaxed");
    assert.equal(rest("openness"), "exuberant");
    assert.equal(rest("agreeableness"), "dependent");
  });

  it("[PAD13] a neutral region around the origin: an average person at rest reads neutral, whatever came before", () => {
    assert.deepEqual(moodLabel(ZERO), { octant: "neutral", intensity: "slight" });
    assert.equal(moodLabel(baselineOf(AVERAGE_PERSONALITY)).octant, "neutral");
    assert.equal(moodLabel(baselineOf({ ...AVERAGE_PERSONALITY, conscientiousness: 1 })).octant, "neutral");
    const inside = pad.map((v) => {
      const r = length(v);
      const k = r === 0 ? 0 : Math.min(1, (NEUTRAL_RADIUS - LABEL_MARGIN - 1e-6) / r);
      return { p: v.p * k, a: v.a * k, d: v.d * k };
    });
    fc.assert(fc.property(fc.array(pad, { maxLength: 20 }), inside, (history, v) => {
      let label: MoodLabel | null = null;
      for (const m of history) label = stableLabel(label, m);
      return stableLabel(label, v).octant === "neutral" && moodLabel(v).octant === "neutral";
    }));
    for (const name of EMOTION_NAMES) assert.notEqual(moodLabel(EMOTIONS[name]).octant, "neutral", `${name}'s centre has a label`);
  });

  it("[PAD13] the way from exuberant to bored passes through neutral, not dependent or anxious", () => {
    const from = { p: 0.5, a: 0.5, d: 0.5 };
    const to = { p: -0.5, a: -0.5, d: -0.5 };
    let label: MoodLabel | null = null;
    const seen: string[] = [];
    for (let i = 0; i <= 1000; i++) {
      const k = i / 1000;
      label = stableLabel(label, { p: from.p + (to.p - from.p) * k, a: from.a + (to.a - from.a) * k, d: from.d + (to.d - from.d) * k });
      if (seen.at(-1) !== label.octant) seen.push(label.octant);
    }
    assert.deepEqual(seen, ["exuberant", "neutral", "bored"]);
  });

  it("[PAD14] hysteresis: a mood oscillating within the margin around a border keeps its label", () => {
    let label = moodLabel({ p: 0.3, a: 0.01, d: 0.3 });
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      label = stableLabel(label, { p: 0.3, a: i % 2 ? 0.04 : -0.04, d: 0.3 }, 0.05);
      seen.add(`${label.octant}/${label.intensity}`);
    }
    assert.deepEqual([...seen], ["exuberant/slight"]);
    assert.equal(stableLabel(label, { p: 0.3, a: -0.2, d: 0.3 }, 0.05).octant, "relaxed", "a clear crossing switches");

    // The same around the slight/moderate border at √3/3 ≈ 0.577.
    const onDiagonal = (r: number): PAD => ({ p: r / SQRT3, a: r / SQRT3, d: r / SQRT3 });
    let byDistance = moodLabel(onDiagonal(0.56));
    for (let i = 0; i < 100; i++) byDistance = stableLabel(byDistance, onDiagonal(SQRT3 / 3 + (i % 2 ? 0.04 : -0.04)), 0.05);
    assert.equal(byDistance.intensity, "slight");
    assert.equal(stableLabel(byDistance, onDiagonal(0.7), 0.05).intensity, "moderate");

    // And around the neutral region's edge.
    let edge = moodLabel(onDiagonal(0.1));
    for (let i = 0; i < 100; i++) edge = stableLabel(edge, onDiagonal(NEUTRAL_RADIUS + (i % 2 ? 0.04 : -0.04)), 0.05);
    assert.equal(edge.octant, "neutral");
    assert.equal(stableLabel(edge, onDiagonal(0.3), 0.05).octant, "exuberant");
  });

  it("[PAD14] hysteresis agrees with the plain label whenever the mood is clearly inside a region", () => {
    const margin = 0.05;
    // Each axis clearly off zero by construction; the distance check rejects only a few.
    const axis = fc.tuple(fc.boolean(), fc.double({ min: margin + 1e-3, max: 1, noNaN: true })).map(([neg, x]) => (neg ? -x : x));
    fc.assert(
      fc.property(anyLabel, fc.record({ p: axis, a: axis, d: axis }), (previous, v) => {
        const r = length(v);
        fc.pre([NEUTRAL_RADIUS, SQRT3 / 3, (2 * SQRT3) / 3].every((b) => Math.abs(r - b) > margin));
        assert.deepEqual(stableLabel(previous, v, margin), moodLabel(v));
        assert.deepEqual(stableLabel(null, v, margin), moodLabel(v));
      }),
    );
  });
});

describe("PAD engine: contagion, room mood, presence, world events", () => {
  it("[PAD15] contagion falls with distance and is zero at and past the radius", () => {
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

  it("[PAD16] caught emotions do not spread again, and repeated exposure holds rather than accumulates", () => {
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

  it("[PAD16] the total caught from contagion is capped, whatever the crowd", () => {
    const crowd = EMOTION_NAMES.map((e) => ({ active: [{ emotion: e, intensity: 1, at: 0 }], distance: 0 }));
    const offered = contagion(crowd, 0);
    assert.ok(near(offered.reduce((sum, c) => sum + c.intensity, 0), MAX_CAUGHT), "a crowd of feelings is scaled to the cap");
    const neighbours = fc.array(
      fc.record({ emotion, intensity: fc.double({ min: 0, max: 1, noNaN: true }), distance: fc.double({ min: 0, max: 300, noNaN: true }) }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(neighbours, fc.integer({ min: 0, max: 5_000 })), { maxLength: 20 }), (rounds) => {
        let s = initialState(ZERO);
        let now = 0;
        for (const [ns, dt] of rounds) {
          now += dt;
          for (const c of contagion(ns, now)) s = impulse(s, c.emotion, c.intensity, now, { caught: true });
          if (caughtTotal(s.active, now) > MAX_CAUGHT + 1e-9) return false;
        }
        return true;
      }),
    );
  });

  it("[PAD17] room mood: the mean, the spread, and the avatars' hysteresis labeller", () => {
    const mood = roomMood([{ p: 1, a: -0.4, d: 0.4 }, ZERO]);
    assert.deepEqual({ p: mood.p, a: mood.a, d: mood.d }, { p: 0.5, a: -0.2, d: 0.2 });
    assert.equal(mood.octant, "relaxed");
    assert.equal(mood.intensity, "slight");
    assert.ok(near(mood.spread, Math.sqrt(0.25 + 0.04 + 0.04)));
    assert.deepEqual(roomMood([]), { ...ZERO, octant: "neutral", intensity: "slight", spread: 0, count: 0 });
    const split = roomMood([{ p: 1, a: 1, d: 1 }, { p: -1, a: -1, d: -1 }]);
    assert.equal(split.octant, "neutral", "one full exuberant and one full bored are not 'slight exuberant'");
    assert.ok(near(split.spread, SQRT3));
    assert.equal(roomMood([{ p: 0.3, a: 0.3, d: 0.3 }, { p: 0.3, a: 0.3, d: 0.3 }]).spread, 0);
    // Summed as counted (no list kept), the spread matches the two-pass definition.
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed / 2147483647) * 2 - 1;
    };
    const crowd = Array.from({ length: 500 }, () => ({ p: random(), a: random(), d: random() }));
    const mean = (k: "p" | "a" | "d") => crowd.reduce((s, m) => s + m[k], 0) / crowd.length;
    const [mp, ma, md] = [mean("p"), mean("a"), mean("d")];
    const twoPass = Math.sqrt(crowd.reduce((s, m) => s + (m.p - mp) ** 2 + (m.a - ma) ** 2 + (m.d - md) ** 2, 0) / crowd.length);
    const many = roomMood(crowd);
    assert.ok(Math.abs(many.spread - twoPass) < 1e-12 && near(many.p, mp) && many.count === 500, `${many.spread} vs ${twoPass}`);
    // With the previous room label, a mean hovering at a border keeps it.
    const hovering = roomMood([{ p: 0.3, a: -0.04, d: 0.3 }], { octant: "exuberant", intensity: "slight" });
    assert.equal(hovering.octant, "exuberant");
  });

  it("[PAD18] presence: away needs both idleness and no own action; nearby presence is contact; only the present feel ignored", () => {
    assert.equal(isAway(true, 0, 120_000, 60_000), true);
    assert.equal(isAway(true, 100_000, 120_000, 60_000), false, "emoting while standing still is present");
    assert.equal(isAway(false, 0, 120_000, 60_000), false);
    assert.equal(inContact({ x: 0, y: 0 }, [{ x: 100, y: 0, away: false }]), true);
    assert.equal(inContact({ x: 0, y: 0 }, [{ x: 100, y: 0, away: true }]), false, "an away avatar is no company");
    assert.equal(inContact({ x: 0, y: 0 }, [{ x: 1000, y: 0, away: false }]), false);
    const late = 6 * 60_000;
    assert.equal(feelsIgnored({ away: false, lastContactAt: 0 }, 1, late), true);
    assert.equal(feelsIgnored({ away: true, lastContactAt: 0 }, 1, late), false, "away avatars never feel ignored");
    assert.equal(feelsIgnored({ away: false, lastContactAt: 0 }, 0, late), false, "nobody present to be ignored by");
    assert.equal(feelsIgnored({ away: false, lastContactAt: 0 }, 1, 4 * 60_000), false);
  });

  it("[PAD19] world events map to impulses for the sender and the target", () => {
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

  it("[PAD19] each emote feels like its use: friendly emotes are pleasant for both sides, poke is not gloating", () => {
    const shown = (e: WorldEvent) => eventImpulses(e)[0]?.emotion as EmotionName;
    for (const emote of ["wave", "laugh", "cheer", "hug", "dance", "poke"] as const) {
      const sent = shown({ kind: "emote-sent", emote });
      assert.ok(EMOTIONS[sent].p > 0, `sending ${emote} is pleasant (${sent})`);
      assert.notEqual(sent, "gloating");
    }
    for (const emote of ["wave", "hug"] as const) assert.ok(EMOTIONS[shown({ kind: "emote-received", emote })].p > 0, emote);
    assert.ok(EMOTIONS[shown({ kind: "emote-sent", emote: "cry" })].p < 0);
    assert.deepEqual(
      { wave: shown({ kind: "emote-sent", emote: "wave" }), hug: shown({ kind: "emote-sent", emote: "hug" }), poke: shown({ kind: "emote-sent", emote: "poke" }) },
      { wave: "joy", hug: "liking", poke: "hope" },
    );
  });

  it("[PAD20] people read plain words: every emotion has one, none is an OCC term, one mapping shared with the client", () => {
    assert.deepEqual(new Set(Object.keys(EMOTION_WORDS)), new Set(EMOTION_NAMES));
    for (const name of EMOTION_NAMES) {
      const word = emotionWord(name);
      assert.ok(word.length > 0, name);
      assert.ok(!(EMOTION_NAMES as string[]).includes(word) && !word.includes("-"), `${name} shows "${word}"`);
    }
    assert.equal(emotionWord("gloating"), "smug");
    assert.equal(emotionWord("__proto__"), "", "an unknown name shows nothing");
    assert.equal(moodWords("neutral", "slight"), "neutral");
    assert.equal(moodWords("relaxed", "full"), "very relaxed");
    assert.equal(moodWords("anxious", "slight"), "slightly anxious");
  });
});
