import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import type { Effect, Expr } from "../../schema/song/condition.ts";
import { SONG_LIMITS } from "../../schema/song/limits.ts";
import type { MoodInput, Variable, VariableValue } from "../../schema/song/model.ts";
import { VariableName } from "../../schema/song/model.ts";
import {
  applyEffects,
  compileCondition,
  compileEffect,
  evaluate,
  holds,
  moodNameOf,
  parseCondition,
  parseEffect,
  typesOf,
} from "../../server/domain/song/index.ts";

const VARS: Variable[] = [
  { name: "gold", type: "number", default: 5, min: 0, max: 10 },
  { name: "debt", type: "number", default: 0, min: null, max: null },
  { name: "brave", type: "boolean", default: false },
];
const TYPES = typesOf(VARS);
const CALM: MoodInput = { p: 0, a: 0, d: 0 };

function ast(src: string): Expr {
  const r = parseCondition(src);
  assert.ok(r.ok, `parse ${src}: ${r.ok ? "" : r.problem.message}`);
  return r.value;
}
function problem(src: string, compile = false): { message: string; at: number } {
  const r = compile ? compileCondition(src, TYPES) : parseCondition(src);
  assert.equal(r.ok, false, `${src} should fail`);
  return r.ok ? { message: "", at: -1 } : r.problem;
}
/** The tree as a parenthesised string, to check precedence. */
function show(e: Expr): string {
  switch (e.k) {
    case "num":
    case "bool":
      return String(e.v);
    case "var":
      return e.name;
    case "mood":
      return `mood.${e.axis}`;
    case "moodIs":
      return `mood is ${e.mood}`;
    case "not":
      return `(not ${show(e.e)})`;
    case "neg":
      return `(-${show(e.e)})`;
    case "and":
    case "or":
      return `(${show(e.l)} ${e.k} ${show(e.r)})`;
    case "arith":
    case "cmp":
      return `(${show(e.l)} ${e.op} ${show(e.r)})`;
  }
}
const run = (src: string, vars: Record<string, VariableValue> = {}, mood: MoodInput = CALM): VariableValue => {
  const c = compileCondition(src, TYPES);
  assert.ok(c.ok, `compile ${src}: ${c.ok ? "" : c.problem.message}`);
  const values = new Map<string, VariableValue>(VARS.map((v) => [v.name, Object.hasOwn(vars, v.name) ? vars[v.name]! : v.default]));
  return evaluate(c.value, { vars: values, mood });
};

describe("Song conditions: parser", function () {
  // Property runs are CPU-bound: seconds on a loaded 2-core machine, above the 5 s default.
  this.timeout(30_000);
  it("[SG10] parses comparisons, and/or/not, parentheses, literals, variables and the mood", () => {
    for (const src of [
      "gold >= 3",
      "brave",
      "not brave and gold < 10 or debt != 0",
      "(gold + 2 - debt) == 7",
      "mood.p > 0.3 and mood.a <= -0.25",
      "mood is anxious or mood is neutral",
      "brave == true",
      "-gold < -1.5",
      "  gold\t>\n1  ",
    ]) {
      assert.ok(parseCondition(src).ok, src);
    }
  });

  it("[SG11] precedence: or < and < not < comparison < + and -; comparisons do not chain", () => {
    assert.equal(show(ast("a or b and c")), "(a or (b and c))");
    assert.equal(show(ast("not a and b")), "((not a) and b)");
    assert.equal(show(ast("not x < 3")), "(not (x < 3))");
    assert.equal(show(ast("x + 1 < y - 2 - 3")), "((x + 1) < ((y - 2) - 3))");
    assert.equal(show(ast("(a or b) and c")), "((a or b) and c)");
    assert.equal(show(ast("- - x > 0")), "((-(-x)) > 0)");
    assert.equal(show(ast("a and b and c")), "((a and b) and c)");
    assert.match(problem("a < b < c").message, /do not chain/);
  });

  it("[SG10] invalid sources are errors in words with their position", () => {
    const cases: [string, RegExp, number][] = [
      ["gold >", /expected a value, found the end/, 6],
      ["gold > > 1", /expected a value, found ">"/, 7],
      ["(gold > 1", /expected "\)" to close the "\(" at 0/, 9],
      ["gold > 1)", /unexpected "\)"/, 8],
      ["gold = 1", /unexpected "="/, 5],
      ["gold && brave", /unexpected character "&"/, 5],
      ["mood is happy", /expected a mood \(exuberant, .*neutral\), found "happy"/, 8],
      ["mood.x > 0", /expected p, a or d/, 5],
      ["mood > 1", /expected "\." after "mood"/, 5],
      ["3gold > 1", /cannot run into a name/, 0],
      ["and", /"and" is a keyword/, 0],
      ["", /empty/, 0],
      ["'gold'", /unexpected character "'"/, 0],
    ];
    for (const [src, re, at] of cases) {
      const p = problem(src);
      assert.match(p.message, re, src);
      assert.equal(p.at, at, `${src}: ${p.message}`);
    }
  });

  it("[SG12] source length, nesting depth, node count and number size are bounded", () => {
    const long = `gold > 1${" ".repeat(SONG_LIMITS.source)}`;
    assert.match(problem(long).message, /at most 200 characters/);
    const deep = (n: number) => `${"(".repeat(n)}brave${")".repeat(n)}`;
    assert.ok(parseCondition(deep(SONG_LIMITS.depth - 1)).ok);
    assert.match(problem(deep(SONG_LIMITS.depth + 1)).message, /nested too deeply/);
    assert.match(problem(`${"not ".repeat(SONG_LIMITS.depth + 1)}brave`).message, /nested too deeply/);
    assert.match(problem(`${"-".repeat(SONG_LIMITS.depth + 1)}1 > 0`).message, /nested too deeply/);
    const wide = Array.from({ length: 40 }, () => "a").join(" or ");
    assert.ok(wide.length <= SONG_LIMITS.source);
    assert.match(problem(wide).message, /too complex/);
    assert.match(problem("gold > 10000000000").message, /at most 1000000000/);
    assert.match(problem("gold > 1.0000000000000001").message, /too long/);
    assert.match(problem(`${"x".repeat(33)} > 1`).message, /too long/);
  });

  it("[SG13] hostile strings are errors or plain undeclared names, never code", () => {
    const hostile = [
      "constructor",
      "__proto__",
      "constructor.constructor('return process')()",
      "gold.constructor",
      "this",
      "process.exit(1)",
      "`$" + "{1}`",
      "gold; while(true){}",
      "toString",
      "require('fs')",
      "globalThis",
      "__proto__ == 1",
      "valueOf() > 1",
    ];
    for (const src of hostile) {
      const r = compileCondition(src, TYPES);
      assert.equal(r.ok, false, src);
    }
    assert.match(problem("constructor", true).message, /unknown variable "constructor"/);
    assert.match(problem("__proto__ > 1", true).message, /unknown variable "__proto__"/);
    // Names that live on Object.prototype cannot even be declared.
    for (const n of ["constructor", "__proto__", "tostring", "and", "mood", "true"]) {
      assert.equal(VariableName.safeParse(n).success, n === "tostring", n);
    }
    // The engine's source never builds code from text.
    const dir = path.resolve(import.meta.dirname, "../../server/domain/song");
    for (const file of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, file), "utf8");
      assert.doesNotMatch(text, /\beval\s*\(|new Function|Function\s*\(/, file);
    }
  });

  it("[SG13] random strings never throw out of the parser and only parse into known node kinds", () => {
    const kinds = new Set(["num", "bool", "var", "mood", "moodIs", "not", "neg", "and", "or", "arith", "cmp"]);
    const walk = (e: Expr): boolean => {
      if (!kinds.has(e.k)) return false;
      if ("e" in e) return walk(e.e);
      if ("l" in e) return walk(e.l) && walk(e.r);
      return true;
    };
    fc.assert(
      fc.property(fc.string({ maxLength: 220 }), (src) => {
        const r = parseCondition(src);
        return r.ok ? walk(r.value) : typeof r.problem.message === "string" && r.problem.at >= 0;
      }),
      { numRuns: 2000 },
    );
    const alphabet = fc.constantFrom("gold", "brave", "(", ")", "and", "or", "not", "<", "==", "1", "-", "+", "mood", ".", "p", "is", "anxious", "true");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const src = parts.join(" ");
        const r = compileCondition(src, TYPES);
        if (r.ok) assert.equal(typeof run(src), "boolean");
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});

describe("Song conditions: types and evaluation", () => {
  it("[SG14] type errors name the problem and point at it", () => {
    const cases: [string, RegExp, number][] = [
      ["gold", /a condition needs true\/false, not a variable \(number\)/, 0],
      ["brave > 1", /">" needs a number, not a variable \(boolean\)/, 0],
      ["gold == true", /"==" compares a number with a boolean/, 5],
      ["gold and brave", /"and" needs true\/false/, 0],
      ["not gold", /"not" needs true\/false/, 4],
      ["brave + 1 > 0", /"\+" needs a number/, 0],
      ["silver > 1", /unknown variable "silver": declare it first/, 0],
      ["mood.p", /a condition needs true\/false, not a mood axis/, 0],
      ["mood is bored > 1", /">" needs a number, not "mood is …"/, 0],
    ];
    for (const [src, re, at] of cases) {
      const p = problem(src, true);
      assert.match(p.message, re, src);
      assert.equal(p.at, at, `${src}: ${p.message}`);
    }
    assert.ok(compileCondition("brave == (gold > 3)", TYPES).ok);
  });

  it("[SG15] conditions evaluate over variables and the mood's axes", () => {
    assert.equal(run("gold >= 5"), true);
    assert.equal(run("gold > 5"), false);
    assert.equal(run("gold + debt - 2 == 3", { debt: 0 }), true);
    assert.equal(run("not brave and gold < 10"), true);
    assert.equal(run("brave or gold == 1", { gold: 1 }), true);
    assert.equal(run("brave == false"), true);
    assert.equal(run("-gold < -4.5"), true);
    assert.equal(run("mood.p > 0.3", {}, { p: 0.5, a: 0, d: 0 }), true);
    assert.equal(run("mood.p > 0.3", {}, { p: 0.2, a: 0, d: 0 }), false);
    assert.equal(run("mood.a < 0 and mood.d >= 0.1", {}, { p: 0, a: -0.4, d: 0.1 }), true);
    // Axes are read clamped to [-1, 1] (a bad input cannot reach outside the model).
    assert.equal(run("mood.p <= 1", {}, { p: 7, a: 0, d: 0 }), true);
    assert.equal(run("mood.p == 0", {}, { p: Number.NaN, a: 0, d: 0 }), true);
  });

  it("[SG15] mood is <octant> uses the PAD engine's labels, neutral included, or the label given", () => {
    assert.equal(run("mood is neutral"), true);
    assert.equal(run("mood is exuberant", {}, { p: 0.6, a: 0.5, d: 0.5 }), true);
    assert.equal(run("mood is anxious", {}, { p: -0.5, a: 0.5, d: -0.5 }), true);
    assert.equal(run("mood is bored", {}, { p: -0.5, a: -0.5, d: -0.5 }), true);
    assert.equal(run("mood is relaxed", {}, { p: 0.5, a: -0.5, d: 0.5 }), true);
    // The label the reader sees (with hysteresis) wins over the one computed from the axes.
    assert.equal(run("mood is anxious", {}, { p: 0.01, a: 0.5, d: -0.5, octant: "anxious" }), true);
    assert.equal(moodNameOf({ p: 0.05, a: 0, d: 0 }), "neutral");
  });

  it("[SG17] effects: set, +=, -=, toggle, with type rules in words", () => {
    const ok = ["set gold = gold + 1", "gold += 2", "debt -= 1.5", "toggle brave", "set brave = gold > 3", "set debt = mood.p"];
    for (const src of ok) assert.ok(compileEffect(src, TYPES).ok, src);
    const bad: [string, RegExp][] = [
      ["gold += true", /expected a number/],
      ["brave += 1", /"brave" is true\/false: use "toggle brave"/],
      ["toggle gold", /"gold" is a number: only true\/false can toggle/],
      ["set gold = brave", /"set gold" needs a number/],
      ["set brave = 1", /"set brave" needs true\/false/],
      ["silver += 1", /unknown variable "silver"/],
      ["gold = 1", /expected "\+=" or "-="/],
      ["set mood = 1", /expected a variable name, found "mood"/],
      ["gold += 1 2", /unexpected "2"/],
      ["gold += gold", /expected a number/],
    ];
    for (const [src, re] of bad) {
      const r = compileEffect(src, TYPES);
      assert.equal(r.ok, false, src);
      if (!r.ok) assert.match(r.problem.message, re, src);
    }
    assert.deepEqual(parseEffect("gold -= -2").ok && (parseEffect("gold -= -2") as { value: Effect }).value, {
      k: "add",
      name: "gold",
      amount: 2,
      at: 0,
    });
  });

  it("[SG16] effects apply in order and clamp to declared ranges; unbounded numbers stop at ±1e9", () => {
    const declared = new Map(VARS.map((v) => [v.name, v]));
    const effects = (srcs: string[]) =>
      srcs.map((s) => {
        const r = compileEffect(s, TYPES);
        assert.ok(r.ok, s);
        return r.value;
      });
    const start = new Map<string, VariableValue>([
      ["gold", 5],
      ["debt", 0],
      ["brave", false],
    ]);
    const after = applyEffects(effects(["gold += 3", "set debt = gold", "toggle brave"]), start, declared, CALM);
    assert.deepEqual([...after], [
      ["gold", 8],
      ["debt", 8],
      ["brave", true],
    ]);
    assert.equal(applyEffects(effects(["gold += 100"]), start, declared, CALM).get("gold"), 10);
    assert.equal(applyEffects(effects(["gold -= 100"]), start, declared, CALM).get("gold"), 0);
    assert.equal(applyEffects(effects(["set gold = -7.5"]), start, declared, CALM).get("gold"), 0);
    const big = new Map(start).set("debt", 999_999_999);
    assert.equal(applyEffects(effects(["debt += 1000000000"]), big, declared, CALM).get("debt"), SONG_LIMITS.number);
    assert.equal(applyEffects(effects(["set debt = debt + debt + debt"]), big, declared, CALM).get("debt"), SONG_LIMITS.number);
    assert.equal(start.get("gold"), 5, "the input values are not changed");
    // The mood can feed an effect.
    assert.equal(applyEffects(effects(["set debt = mood.p"]), start, declared, { p: 0.5, a: 0, d: 0 }).get("debt"), 0.5);
  });

  it("[SG15] holds() is true only for exactly true", () => {
    assert.equal(holds(ast("true"), { vars: new Map(), mood: CALM }), true);
    assert.equal(holds(ast("false or false"), { vars: new Map(), mood: CALM }), false);
  });
});
