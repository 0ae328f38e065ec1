import assert from "node:assert/strict";
import fc from "fast-check";
import type { Expr } from "../../schema/song/condition.ts";
import { SONG_LIMITS as L } from "../../schema/song/limits.ts";
import type { MoodInput, Song, Variable, VariableValue } from "../../schema/song/model.ts";
import {
  applyOp,
  compileCondition,
  evaluate,
  neverHolds,
  parseOp,
  songProblems,
  typesOf,
  validateSong,
} from "../../server/domain/song/index.ts";
import { build, ending, flag, kinds, link, num, verse } from "../helpers/song.ts";

describe("Song validation warnings", () => {
  it("[SG34] unreachable Verses are reported (from the start, over choices that can be shown)", () => {
    const { warnings } = build([verse("a"), verse("b"), verse("c"), link("a", "ab", "b"), ending("b"), ending("c")]);
    assert.deepEqual(kinds(warnings), ["unreachable:c"]);
    assert.match(warnings[0]!.message, /"Verse c" cannot be reached from the start/);
  });

  it("[SG35] dead ends: a non-ending Verse with no choice, or none that can ever be shown", () => {
    const { warnings } = build([verse("a"), verse("b"), link("a", "ab", "b")]);
    assert.deepEqual(kinds(warnings), ["dead-end:b"]);
    const gated = build([num("gold", 0, 0, 5), { op: "choice.condition", id: "ab", condition: "gold > 5" }, ending("b")], build([verse("a"), verse("b"), link("a", "ab", "b")]).song);
    assert.deepEqual(kinds(gated.warnings), ["dead-end:a", "never-holds:ab", "unreachable:b"]);
    assert.match(gated.warnings.find((w) => w.kind === "dead-end")!.message, /no choice that can ever be shown/);
  });

  it("[SG36] choices whose condition can never hold within the declared ranges", () => {
    const story = (condition: string) =>
      build([num("gold", 2, 0, 10), num("debt", 0), flag("lamp"), verse("a"), verse("b"), link("a", "go", "b", { condition }), link("a", "stay", "b"), ending("b")]).warnings;
    const never = [
      "gold > 10",
      "gold < 0",
      "gold > 3 and gold < 2",
      "gold + 1 > 11",
      "gold - debt > 999999999 + 11",
      "mood.p > 1",
      "mood.a < -1 or mood.d > 1",
      "not (gold <= 10)",
      "lamp and not lamp",
      "lamp == true and lamp == false",
      "lamp != lamp and false",
      "gold == 11",
      "false",
      "(gold > 5 or gold < 1) and gold == 3",
      "10 < gold",
      "mood is anxious and mood.p > 2",
    ];
    for (const c of never) assert.deepEqual(kinds(story(c)), ["never-holds:go"], c);
    const possible = [
      "gold >= 10",
      "gold == 0",
      "gold > 3 or gold < 2",
      "debt > 999999999",
      "mood.p >= 1",
      "mood is anxious",
      "lamp",
      "lamp == (gold > 3)",
      "not lamp",
      "gold != 5",
      "gold + gold > 19",
    ];
    for (const c of possible) assert.deepEqual(kinds(story(c)), [], c);
    assert.match(story("gold > 10").find((w) => w.kind === "never-holds")!.message, /"go b" in "Verse a" can never be shown/);
  });

  it("[SG37] traps: loops from which no ending can be reached", () => {
    const { warnings } = build([
      verse("a"),
      verse("b"),
      verse("c"),
      verse("d"),
      verse("e"),
      link("a", "ab", "b"),
      link("b", "bc", "c"),
      link("c", "cb", "b"),
      link("a", "ad", "d"),
      link("d", "dd", "d"),
      link("a", "ae", "e"),
      ending("e"),
    ]);
    assert.deepEqual(kinds(warnings), ["trap:b+c", "trap:d"]);
    assert.match(warnings.find((w) => w.kind === "trap")!.message, /form a loop with no way to an ending/);
    // A loop with an exit is fine.
    const fixed = build([verse("a"), verse("b"), verse("c"), verse("e"), link("a", "ab", "b"), link("b", "bc", "c"), link("c", "cb", "b"), link("c", "ce", "e"), ending("e")]);
    assert.deepEqual(kinds(fixed.warnings), []);
  });

  it("[SG38] no start is reported; warnings never block an edit", () => {
    const song = { format: 1 as const, title: "t", start: null, verses: build([verse("a"), ending("a")]).song.verses, variables: [] };
    assert.deepEqual(kinds(validateSong(song)), ["no-start"]);
    const { song: withDeadEnd, warnings } = build([verse("a"), verse("b"), link("a", "x", "b")]);
    assert.equal(warnings.length, 1);
    assert.ok(applyOp(withDeadEnd, parseOp({ op: "verse.move", id: "b", x: 3, y: 3 })).song);
  });
});

describe("Song validation: soundness of never-holds", function () {
  // Property runs are CPU-bound: seconds on a loaded 2-core machine, above the 5 s default.
  this.timeout(30_000);
  const VARS: Variable[] = [
    { name: "x", type: "number", default: 0, min: -5, max: 5 },
    { name: "y", type: "number", default: 0, min: 0, max: 3 },
    { name: "z", type: "number", default: 0, min: null, max: null },
    { name: "b", type: "boolean", default: false },
    { name: "c", type: "boolean", default: true },
  ];
  const TYPES = typesOf(VARS);
  const numExpr: fc.Arbitrary<string> = fc.letrec((tie) => ({
    n: fc.oneof(
      { depthSize: "small" },
      fc.constantFrom("x", "y", "z", "mood.p", "mood.a", "mood.d"),
      fc.integer({ min: -12, max: 12 }).map((v) => (v < 0 ? `(${v})` : String(v))),
      fc.constantFrom("0.5", "1.5", "2.25"),
      fc.tuple(tie("n"), fc.constantFrom("+", "-"), tie("n")).map(([l, op, r]) => `(${l} ${op} ${r})`),
    ),
  })).n as fc.Arbitrary<string>;
  const boolExpr: fc.Arbitrary<string> = fc.letrec((tie) => ({
    b: fc.oneof(
      { depthSize: "small", maxDepth: 4 },
      fc.tuple(numExpr, fc.constantFrom("==", "!=", "<", "<=", ">", ">="), numExpr).map(([l, op, r]) => `${l} ${op} ${r}`),
      fc.constantFrom("b", "c", "true", "false", "mood is anxious", "mood is neutral"),
      tie("b").map((e) => `not (${e})`),
      fc.tuple(tie("b"), fc.constantFrom("and", "or", "==", "!="), tie("b")).map(([l, op, r]) => `(${l}) ${op} (${r})`),
    ),
  })).b as fc.Arbitrary<string>;
  const inRange = (lo: number, hi: number) => fc.oneof(fc.constantFrom(lo, hi), fc.double({ min: lo, max: hi, noNaN: true }), fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }));
  const assignment = fc.record({
    x: inRange(-5, 5),
    y: inRange(0, 3),
    z: inRange(-L.number, L.number),
    b: fc.boolean(),
    c: fc.boolean(),
    mood: fc.record({ p: inRange(-1, 1), a: inRange(-1, 1), d: inRange(-1, 1) }),
  });
  const compile = (src: string): Expr | null => {
    const r = compileCondition(src, TYPES);
    return r.ok ? r.value : null;
  };

  it("[SG36] a condition reported as never holding is false for every sampled assignment within the ranges", () => {
    let reported = 0;
    fc.assert(
      fc.property(boolExpr, fc.array(assignment, { minLength: 30, maxLength: 30 }), (src, samples) => {
        const e = compile(src);
        fc.pre(e !== null);
        if (!neverHolds(e!, VARS)) return true;
        reported++;
        for (const s of samples) {
          const vars = new Map<string, VariableValue>(Object.entries(s).filter(([k]) => k !== "mood") as [string, VariableValue][]);
          const mood: MoodInput = s.mood;
          assert.equal(evaluate(e!, { vars, mood }), false, `${src} with ${JSON.stringify(s)}`);
        }
        return true;
      }),
      { numRuns: 3000 },
    );
    assert.ok(reported > 50, `the generator should produce never-holding conditions too (got ${reported})`);
  });

  it("[SG36] for simple comparisons of a variable with a constant the analysis is exact", () => {
    fc.assert(
      fc.property(fc.constantFrom("<", "<=", ">", ">=", "==", "!="), fc.integer({ min: -8, max: 8 }), (op, k) => {
        const e = compile(`x ${op} ${k < 0 ? `(${k})` : k}`)!;
        // x ranges over [-5, 5]: brute force over a fine grid (all comparisons flip at integers).
        const grid = Array.from({ length: 201 }, (_, i) => -5 + i * 0.05);
        const anyTrue = grid.some((x) => evaluate(e, { vars: new Map([["x", x]]), mood: { p: 0, a: 0, d: 0 } }) === true);
        return neverHolds(e, VARS) === !anyTrue;
      }),
    );
  });
});

describe("Song validation: size", function () {
  // A 500-Verse document: seconds on a loaded 2-core machine, above the 5 s default.
  this.timeout(20_000);
  it("[SG30] validating a 500-Verse Song with 8 conditional choices each (printed, not asserted)", () => {
    const song: Song = {
      format: 1,
      title: "Big",
      start: "v0",
      variables: [
        { name: "gold", type: "number", default: 0, min: 0, max: 100 },
        { name: "lamp", type: "boolean", default: false },
      ],
      verses: Array.from({ length: L.verses }, (_, i) => ({
        id: `v${i}`,
        title: `Verse ${i}`,
        prose: "A line of prose. ".repeat(20),
        tone: null,
        ending: i === L.verses - 1,
        x: i,
        y: i,
        choices: Array.from({ length: L.choicesPerVerse }, (_, j) => ({
          id: `c${i}_${j}`,
          label: `choice ${j}`,
          target: `v${(i * 7 + j + 1) % L.verses}`,
          condition: j % 3 === 0 ? null : j % 3 === 1 ? `gold > ${j} and not lamp` : `mood.p > 0.${j} or lamp`,
          effects: ["gold += 1"],
        })),
      })),
    };
    assert.deepEqual(songProblems(song), []);
    const time = (runs: number, body: (i: number) => void): number => {
      body(-1); // warm the caches once
      const t = performance.now();
      for (let i = 0; i < runs; i++) body(i);
      return (performance.now() - t) / runs;
    };
    let s = song;
    const validateMs = time(20, () => validateSong(song));
    const moveMs = time(20, (i) => {
      s = applyOp(s, parseOp({ op: "verse.move", id: "v10", x: i, y: i })).song;
    });
    const proseMs = time(20, (i) => {
      s = applyOp(s, parseOp({ op: "verse.prose", id: "v10", prose: `p${i}` })).song;
    });
    const addMs = time(20, (i) => {
      s = applyOp(s, parseOp({ op: "choice.condition", id: "c5_1", condition: `gold > ${i + 2}` })).song;
    });
    // The machine may be busy: a ratio to serializing the same Song in the same run says more.
    const stringifyMs = time(20, () => JSON.stringify(song));
    console.log(
      `      500 Verses, 4000 choices: validateSong ${validateMs.toFixed(2)} ms (${(validateMs / stringifyMs).toFixed(1)}× JSON.stringify of the Song); ` +
        `applyOp: move ${moveMs.toFixed(2)} ms, prose (size checked) ${proseMs.toFixed(2)} ms, new condition ${addMs.toFixed(2)} ms`,
    );
    assert.equal(s.verses.length, L.verses);
  });
});

describe("Song validation: bounded work", () => {
  it("[SG36] deeply nested boolean comparisons finish (bounded work) and are not reported unless proven", () => {
    const vars: Variable[] = [{ name: "b", type: "boolean", default: false }];
    let src = "b";
    while (`(${src}) == (b == b)`.length <= L.source) src = `(${src}) == (b == b)`;
    const r = compileCondition(src, typesOf(vars));
    if (!r.ok) return; // the node or depth limit got there first: also bounded
    assert.equal(neverHolds(r.value, vars), false);
    const nested = compileCondition("((((b == b) == b) == b) == b) == (b != b)", typesOf(vars));
    assert.ok(nested.ok);
    assert.equal(typeof neverHolds(nested.value, vars), "boolean");
  });
});
