import { type PadEvent, type WorldEvent, eventImpulses } from "./events.ts";
import { DEFAULT_SPEEDS, impulse, initialState, type PadSpeeds, step } from "./dynamics.ts";
import { EMOTIONS } from "./emotions.ts";
import { stableLabel } from "./labels.ts";
import { AVERAGE_PERSONALITY, baselineOf } from "./personality.ts";
import { feelsIgnored, inContact, isAway } from "./presence.ts";
import type { BigFive, MoodLabel, PAD, PadState } from "./types.ts";
import { distance, dot, length } from "./vector.ts";

/**
 * Scripted social sequences run through the engine on a simulated clock, with the targets
 * the tuning must meet (docs/MOOD.md, PAD10). `npm run bench:mood` prints them; the unit
 * tests assert the targets as properties of these trajectories, never machine timings.
 */
export const SIM_TICK_MS = 50;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

export interface Sample extends PAD {
  t: number;
  label: string;
}

export interface Trajectory {
  samples: Sample[];
  /** Every label change, with the first label at t = 0. */
  changes: Array<{ t: number; label: string }>;
  /** Time of the last scripted event (ms). */
  lastEventAt: number;
  baseline: PAD;
  /** The mood at the end of every tick, for checks on the whole path. */
  path: PAD[];
}

const labelText = (l: MoodLabel) => (l.octant === "neutral" ? "neutral" : `${l.intensity} ${l.octant}`);

/** Events at `everyMs` from 0 while t < `forMs`. */
export function every(everyMs: number, forMs: number, event: WorldEvent): Array<{ at: number; event: WorldEvent }> {
  const out: Array<{ at: number; event: WorldEvent }> = [];
  for (let at = 0; at < forMs; at += everyMs) out.push({ at, event });
  return out;
}

/** One avatar through scripted events, 50 ms ticks, sampled every `sampleMs`. */
export function simulate(
  personality: BigFive,
  events: ReadonlyArray<{ at: number; event: PadEvent }>,
  durationMs: number,
  opts: { sampleMs?: number; speeds?: PadSpeeds } = {},
): Trajectory {
  const speeds = opts.speeds ?? DEFAULT_SPEEDS;
  const sampleMs = opts.sampleMs ?? 5 * SECOND;
  const baseline = baselineOf(personality);
  let s: PadState = initialState(baseline);
  let label = stableLabel(null, s.mood);
  const samples: Sample[] = [{ t: 0, ...s.mood, label: labelText(label) }];
  const changes = [{ t: 0, label: labelText(label) }];
  const path: PAD[] = [s.mood];
  const queue = [...events].sort((x, y) => x.at - y.at);
  let next = 0;
  for (let t = SIM_TICK_MS; t <= durationMs; t += SIM_TICK_MS) {
    for (; next < queue.length && (queue[next]?.at ?? Number.POSITIVE_INFINITY) < t; next++) {
      const e = queue[next] as { at: number; event: PadEvent };
      for (const i of eventImpulses(e.event)) if (i.who === "self") s = impulse(s, i.emotion, i.intensity, e.at, { speeds });
    }
    s = step(s, t, SIM_TICK_MS, speeds);
    path.push(s.mood);
    const shown = stableLabel(label, s.mood);
    if (labelText(shown) !== labelText(label)) changes.push({ t, label: labelText(shown) });
    label = shown;
    if (t % sampleMs === 0) samples.push({ t, ...s.mood, label: labelText(label) });
  }
  return { samples, changes, lastEventAt: queue.at(-1)?.at ?? 0, baseline, path };
}

/** The label shown at time `t`. */
export function labelAt(tr: Trajectory, t: number): string {
  let shown = tr.changes[0]?.label ?? "neutral";
  for (const c of tr.changes) if (c.t <= t) shown = c.label;
  return shown;
}

/** First time at or after `from` the label satisfies `test` (ms), or null. */
export function firstTime(tr: Trajectory, from: number, test: (label: string) => boolean): number | null {
  if (test(labelAt(tr, from))) return from;
  return tr.changes.find((c) => c.t >= from && test(c.label))?.t ?? null;
}

export interface Target {
  statement: string;
  met: boolean;
  /** The measured value, in the statement's unit. */
  value: number | string | null;
}

export interface Scenario {
  name: string;
  description: string;
  trajectory: Trajectory;
  targets: Target[];
}

const isNeutral = (l: string) => l === "neutral";
const seconds = (ms: number | null) => (ms === null ? null : ms / SECOND);
/** The furthest the mood got, as its largest projection on a direction. */
const furthestAlong = (tr: Trajectory, v: PAD) => Math.max(...tr.path.map((m) => dot(m, v) / length(v)));

function settles(tr: Trajectory, withinMs: number): Target {
  // The label must have left neutral and come back to stay: the last change, if it is to neutral.
  const last = tr.changes.at(-1);
  const after = tr.changes.length > 1 && last && isNeutral(last.label) ? Math.max(0, last.t - tr.lastEventAt) : null;
  return {
    statement: `the label is neutral again, to stay, within ${withinMs / MINUTE} min of the last emote (s)`,
    met: after !== null && after <= withinMs,
    value: seconds(after),
  };
}

function leavesNeutral(tr: Trajectory, withinMs: number, octants: readonly string[]): Target {
  const at = firstTime(tr, 0, (l) => !isNeutral(l));
  const shown = at === null ? "" : labelAt(tr, at);
  return {
    statement: `the label leaves neutral within ${withinMs / SECOND} s, into ${octants.join(" or ")} (s)`,
    met: at !== null && at <= withinMs && octants.some((o) => shown.endsWith(o)),
    value: seconds(at),
  };
}

const PUSH_LIMIT = (v: PAD, speeds: PadSpeeds) => length(v) + speeds.pushReach + 1e-9;

/** The scripted sequences of issue 12, each with the targets its trajectory must meet. */
export function socialScenarios(speeds: PadSpeeds = DEFAULT_SPEEDS): Scenario[] {
  const average = AVERAGE_PERSONALITY;
  const run = (events: ReadonlyArray<{ at: number; event: PadEvent }>, minutes: number, who: BigFive = average) =>
    simulate(who, events, minutes * MINUTE, { speeds });
  const wave: WorldEvent = { kind: "emote-sent", emote: "wave" };
  const laugh: WorldEvent = { kind: "emote-sent", emote: "laugh" };
  const cry: WorldEvent = { kind: "emote-sent", emote: "cry" };

  const oneWave = run([{ at: 0, event: wave }], 5);
  const threeWaves = run(every(2 * SECOND, 6 * SECOND, wave), 8);
  const laughing = run(every(2 * SECOND, MINUTE, laugh), 8);
  // The e2e test's sequence (W5): a cheer, then three dances about a second apart.
  const cheerAndDances = run(
    [0, 1_500, 2_600, 3_700].map((at, i) => ({ at, event: { kind: "emote-sent", emote: i === 0 ? "cheer" : "dance" } as const })),
    8,
  );
  const crying = run(every(4 * SECOND, 2 * MINUTE, cry), 10);
  const cheerful: BigFive = { ...average, extraversion: 1, agreeableness: 1 };
  const cheerfulLaughing = run(every(2 * SECOND, MINUTE, laugh), 8, cheerful);
  const peak = (tr: Trajectory) => tr.path.reduce((best, m, i) => (length(m) > length(tr.path[best] as PAD) ? i : best), 0);
  const cryPeakAt = peak(crying) * SIM_TICK_MS;

  return [
    {
      name: "one wave",
      description: "an average person (neutral at rest) waves once",
      trajectory: oneWave,
      targets: [
        {
          statement: "one emote nudges the mood but does not change the label (largest |m|)",
          met: oneWave.changes.length === 1 && Math.max(...oneWave.path.map(length)) > 0.03,
          value: Math.max(...oneWave.path.map(length)),
        },
      ],
    },
    {
      name: "three waves",
      description: "an average person waves three times, 2 s apart",
      trajectory: threeWaves,
      targets: [leavesNeutral(threeWaves, 30 * SECOND, ["exuberant"]), settles(threeWaves, 5 * MINUTE)],
    },
    {
      name: "a cheer and three dances",
      description: "an average person cheers, then dances three times about a second apart (mixed emotions pull by their mean)",
      trajectory: cheerAndDances,
      targets: [leavesNeutral(cheerAndDances, 30 * SECOND, ["exuberant"]), settles(cheerAndDances, 5 * MINUTE)],
    },
    {
      name: "a minute of laughing",
      description: "an average person laughs every 2 s for a minute",
      trajectory: laughing,
      targets: [
        leavesNeutral(laughing, 10 * SECOND, ["exuberant"]),
        {
          statement: "while laughing the label reaches moderate exuberant (s)",
          met: firstTime(laughing, 0, (l) => l === "moderate exuberant") !== null,
          value: seconds(firstTime(laughing, 0, (l) => l === "moderate exuberant")),
        },
        {
          statement: "the push stops near the emotion centre: never further than |joy| + reach along joy (furthest)",
          met: furthestAlong(laughing, EMOTIONS.joy) <= PUSH_LIMIT(EMOTIONS.joy, speeds),
          value: furthestAlong(laughing, EMOTIONS.joy),
        },
        settles(laughing, 5 * MINUTE),
      ],
    },
    {
      name: "crying every 4 s for 2 minutes",
      description: "an average person cries every 4 s for 2 minutes",
      trajectory: crying,
      targets: [
        leavesNeutral(crying, 30 * SECOND, ["bored"]),
        {
          statement: "the mood peaks while crying, not minutes later (s after the first cry)",
          met: cryPeakAt <= crying.lastEventAt + 30 * SECOND,
          value: cryPeakAt / SECOND,
        },
        {
          statement: "the push stops near the emotion centre: never further than |distress| + reach (furthest)",
          met: furthestAlong(crying, EMOTIONS.distress) <= PUSH_LIMIT(EMOTIONS.distress, speeds),
          value: furthestAlong(crying, EMOTIONS.distress),
        },
        settles(crying, 5 * MINUTE),
      ],
    },
    {
      name: "a cheerful person laughing for a minute",
      description: "extraversion 1 and agreeableness 1 (baseline beyond the joy centre) laugh every 2 s for a minute",
      trajectory: cheerfulLaughing,
      targets: [
        {
          statement: "the mood is not driven to the bounds: no axis reaches 1 (largest axis)",
          met: cheerfulLaughing.path.every((m) => Math.max(m.p, m.a, m.d) < 0.99),
          value: Math.max(...cheerfulLaughing.path.map((m) => Math.max(m.p, m.a, m.d))),
        },
        {
          statement: "and it ends at the baseline (distance after 8 min)",
          met: distance(cheerfulLaughing.path.at(-1) as PAD, cheerfulLaughing.baseline) < 1e-6,
          value: distance(cheerfulLaughing.path.at(-1) as PAD, cheerfulLaughing.baseline),
        },
      ],
    },
  ];
}

export interface IdleRoomResult {
  description: string;
  people: Array<{ name: string; label: string; changes: number; ignored: number; away: boolean }>;
  targets: Target[];
}

/**
 * A quiet room for 10 minutes: three people with different personalities standing near
 * each other, one of them away from the keyboard, and one present person standing alone
 * at the far side. Nobody emotes. Labels hold; standing together is contact; the away
 * avatar never feels ignored; the lone present one does, once per 5 minutes.
 */
export function idleRoom(durationMs = 10 * MINUTE): IdleRoomResult {
  const people = [
    { name: "average", personality: AVERAGE_PERSONALITY, x: 100, y: 100, away: false },
    { name: "neurotic", personality: { ...AVERAGE_PERSONALITY, neuroticism: 1 }, x: 140, y: 100, away: false },
    { name: "away, cheerful", personality: { ...AVERAGE_PERSONALITY, extraversion: 1, agreeableness: 1 }, x: 120, y: 130, away: true },
    { name: "alone", personality: { ...AVERAGE_PERSONALITY, openness: 1 }, x: 2_000, y: 2_000, away: false },
  ];
  const state = people.map((p) => ({
    ...p,
    pad: initialState(baselineOf(p.personality)),
    label: null as MoodLabel | null,
    lastContactAt: 0,
    changes: 0,
    ignored: 0,
  }));
  for (let t = SIM_TICK_MS; t <= durationMs; t += SIM_TICK_MS) {
    const onSecond = t % SECOND === 0;
    for (const me of state) {
      const others = state.filter((o) => o !== me);
      // The away person is idle in the world and acted last before the run; the others just chatted.
      const away = isAway(me.away, me.away ? -MINUTE : t, t, MINUTE / 2);
      if (onSecond && inContact(me, others)) me.lastContactAt = t;
      if (onSecond && feelsIgnored({ away, lastContactAt: me.lastContactAt }, others.filter((o) => !o.away).length, t)) {
        me.ignored += 1;
        me.lastContactAt = t;
        for (const i of eventImpulses({ kind: "ignored" })) me.pad = impulse(me.pad, i.emotion, i.intensity, t);
      }
      me.pad = step(me.pad, t, SIM_TICK_MS);
      const shown = stableLabel(me.label, me.pad.mood);
      if (me.label && labelText(shown) !== labelText(me.label)) me.changes += 1;
      me.label = shown;
    }
  }
  const together = state.filter((p) => p.name !== "alone");
  const alone = state.find((p) => p.name === "alone");
  return {
    description: "four people, no emotes for 10 minutes; three stand together (one away), one stands alone",
    people: state.map((p) => ({ name: p.name, label: labelText(p.label as MoodLabel), changes: p.changes, ignored: p.ignored, away: p.away })),
    targets: [
      {
        statement: "people standing together, present or away, never feel ignored (times)",
        met: together.every((p) => p.ignored === 0),
        value: together.reduce((n, p) => n + p.ignored, 0),
      },
      {
        statement: "a present person alone in company feels ignored once per 5 minutes (times in 10 min)",
        met: alone?.ignored === Math.floor(durationMs / (5 * MINUTE + SECOND)),
        value: alone?.ignored ?? null,
      },
      {
        statement: "with nothing happening, nobody standing together changes label (changes)",
        met: together.every((p) => p.changes === 0),
        value: together.reduce((n, p) => n + p.changes, 0),
      },
    ],
  };
}
