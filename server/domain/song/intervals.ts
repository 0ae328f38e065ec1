import type { CompareOp, Expr } from "#schema/song/condition.ts";
import type { Variable } from "#schema/song/model.ts";
import { rangeOf } from "./evaluate.ts";

/**
 * "This condition can never hold" (docs/SONG.md, SG36), by interval analysis over the
 * declared ranges: every number variable stays within its range (effects clamp), mood
 * axes within [-1, 1], booleans and "mood is …" may be anything. `refine` returns an
 * over-approximation of the assignments under which an expression has the wanted truth
 * value, or none when there provably are none. Over-approximating keeps it sound: a
 * warning is only given when no assignment within the ranges makes the condition true.
 * It is not complete (e.g. bounds are closed, so "x < 3 and x >= 3" goes unreported).
 */

type Abs = { k: "n"; lo: number; hi: number } | { k: "b"; t: boolean; f: boolean };
type Env = ReadonlyMap<string, Abs>;
interface Interval {
  lo: number;
  hi: number;
}

const keyOf = (e: Expr): string | null => (e.k === "var" ? e.name : e.k === "mood" ? `mood.${e.axis}` : null);

/** The starting environment: each variable's declared range, each mood axis [-1, 1]. */
export function rangesEnv(variables: readonly Variable[]): Map<string, Abs> {
  const env = new Map<string, Abs>();
  for (const v of variables) env.set(v.name, v.type === "number" ? { k: "n", ...rangeOf(v) } : { k: "b", t: true, f: true });
  for (const axis of ["p", "a", "d"]) env.set(`mood.${axis}`, { k: "n", lo: -1, hi: 1 });
  return env;
}

const FULL: Interval = { lo: -Infinity, hi: Infinity };

function interval(e: Expr, env: Env): Interval {
  switch (e.k) {
    case "num":
      return { lo: e.v, hi: e.v };
    case "var":
    case "mood": {
      const a = env.get(keyOf(e)!);
      return a?.k === "n" ? { lo: a.lo, hi: a.hi } : FULL;
    }
    case "neg": {
      const i = interval(e.e, env);
      return { lo: -i.hi, hi: -i.lo };
    }
    case "arith": {
      const l = interval(e.l, env);
      const r = interval(e.r, env);
      return e.op === "+" ? { lo: l.lo + r.lo, hi: l.hi + r.hi } : { lo: l.lo - r.hi, hi: l.hi - r.lo };
    }
    default:
      return FULL;
  }
}

const NEGATED: Record<CompareOp, CompareOp> = { "<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "==" };
const MIRRORED: Record<CompareOp, CompareOp> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=" };

/** Whether some l in L and r in R satisfy `l op r`. NaN bounds (∞ - ∞) count as possible. */
function possible(op: CompareOp, l: Interval, r: Interval): boolean {
  if (Number.isNaN(l.lo + l.hi + r.lo + r.hi)) return true;
  switch (op) {
    case "<":
      return l.lo < r.hi;
    case "<=":
      return l.lo <= r.hi;
    case ">":
      return l.hi > r.lo;
    case ">=":
      return l.hi >= r.lo;
    case "==":
      return l.lo <= r.hi && r.lo <= l.hi;
    case "!=":
      return !(l.lo === l.hi && r.lo === r.hi && l.lo === r.lo);
  }
}

/** Narrows the variable `key` so that `key op other` can hold; null when it cannot. */
function narrow(env: Env, key: string, op: CompareOp, other: Interval): Env | null {
  const a = env.get(key);
  if (a?.k !== "n") return env;
  let { lo, hi } = a;
  if (op === "<" || op === "<=" || op === "==") hi = Math.min(hi, other.hi);
  if (op === ">" || op === ">=" || op === "==") lo = Math.max(lo, other.lo);
  if (!(lo <= hi)) return null;
  const next = new Map(env);
  next.set(key, { k: "n", lo, hi });
  return next;
}

function join(a: Env | null, b: Env | null): Env | null {
  if (!a) return b;
  if (!b) return a;
  const out = new Map<string, Abs>();
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) continue;
    if (x.k === "n" && y.k === "n") out.set(key, { k: "n", lo: Math.min(x.lo, y.lo), hi: Math.max(x.hi, y.hi) });
    else if (x.k === "b" && y.k === "b") out.set(key, { k: "b", t: x.t || y.t, f: x.f || y.f });
  }
  return out;
}

/** Which truth values a boolean expression can take under env. */
function truths(e: Expr, env: Env): { t: boolean; f: boolean } {
  return { t: refine(e, [env], true).length > 0, f: refine(e, [env], false).length > 0 };
}

function refineNumbers(e: Extract<Expr, { k: "cmp" }>, env: Env, want: boolean): Env | null {
  const op = want ? e.op : NEGATED[e.op];
  const l = interval(e.l, env);
  const r = interval(e.r, env);
  if (!possible(op, l, r)) return null;
  let out: Env | null = env;
  const lk = keyOf(e.l);
  const rk = keyOf(e.r);
  if (lk) out = narrow(out, lk, op, r);
  if (out && rk) out = narrow(out, rk, MIRRORED[op], interval(e.l, out));
  return out;
}

function refineBooleans(e: Extract<Expr, { k: "cmp" }>, env: Env, want: boolean): Env[] {
  const equal = (e.op === "==") === want;
  const l = truths(e.l, env);
  const r = truths(e.r, env);
  const ok = equal ? (l.t && r.t) || (l.f && r.f) : (l.t && r.f) || (l.f && r.t);
  if (!ok) return [];
  // Narrow a boolean variable compared with something of one known value.
  for (const [side, other] of [
    [e.l, r],
    [e.r, l],
  ] as const) {
    if (!keyOf(side) || other.t === other.f) continue;
    return refine(side, [env], equal ? other.t : other.f);
  }
  return [env];
}

/**
 * The assignments where `e` evaluates to `want`, over-approximated as a union of boxes
 * (one interval per number, a value set per boolean); [] when provably none. Keeping a
 * union, not one hull, lets "(x > 5 or x < 1) and x == 3" be seen as never. Past
 * MAX_BOXES the boxes are joined into their hull (still sound, less precise).
 */
const MAX_BOXES = 16;

function cap(boxes: Env[]): Env[] {
  if (boxes.length <= MAX_BOXES) return boxes;
  return [boxes.reduce<Env | null>((a, b) => join(a, b), null)!];
}

/**
 * Work done by the current neverHolds call. Nested boolean comparisons ("(a == b) == c")
 * make refine look at each side twice, so the work is bounded: past WORK_MAX the answer
 * is "not proven" (false), which keeps the analysis sound and its time small.
 */
const WORK_MAX = 20_000;
let work = 0;
class TooMuchWork extends Error {}

function refine(e: Expr, envs: readonly Env[], want: boolean): Env[] {
  if (envs.length === 0) return [];
  if (++work > WORK_MAX) throw new TooMuchWork();
  switch (e.k) {
    case "bool":
      return e.v === want ? [...envs] : [];
    case "var":
      return envs.flatMap((env) => {
        const a = env.get(e.name);
        if (a?.k !== "b") return [env];
        if (want ? !a.t : !a.f) return [];
        const next = new Map(env);
        next.set(e.name, { k: "b", t: want, f: !want });
        return [next];
      });
    case "moodIs":
      return [...envs];
    case "not":
      return refine(e.e, envs, !want);
    case "and":
      return want ? refine(e.r, refine(e.l, envs, true), true) : cap([...refine(e.l, envs, false), ...refine(e.r, envs, false)]);
    case "or":
      return want ? cap([...refine(e.l, envs, true), ...refine(e.r, envs, true)]) : refine(e.r, refine(e.l, envs, false), false);
    case "cmp":
      return cap(
        envs.flatMap((env) => {
          if (isBoolean(e.l, env)) return refineBooleans(e, env, want);
          const out = refineNumbers(e, env, want);
          return out ? [out] : [];
        }),
      );
    default:
      return [...envs];
  }
}

/** Whether a (type-checked) expression is boolean-valued. */
function isBoolean(e: Expr, env: Env): boolean {
  if (e.k === "var") return env.get(e.name)?.k === "b";
  return e.k === "bool" || e.k === "moodIs" || e.k === "not" || e.k === "and" || e.k === "or" || e.k === "cmp";
}

/** True only when no values within the declared ranges (and no mood) make `e` hold. */
export function neverHolds(e: Expr, variables: readonly Variable[] | Map<string, Abs>): boolean {
  const env = variables instanceof Map ? variables : rangesEnv(variables);
  work = 0;
  try {
    return refine(e, [env], true).length === 0;
  } catch (err) {
    if (err instanceof TooMuchWork) return false;
    throw err;
  }
}
