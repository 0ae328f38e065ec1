import type { MoodName } from "#schema/rules/feelings.ts";
import type { Effect, Expr } from "#schema/song/condition.ts";
import { SONG_LIMITS } from "#schema/song/limits.ts";
import type { MoodInput, Variable, VariableValue } from "#schema/song/model.ts";
import { moodLabel } from "../pad/labels.ts";

/**
 * Evaluation of type-checked trees (docs/SONG.md, SG15-SG17): a walk over data, no eval,
 * no Function, no property lookups by user text (variables live in a Map).
 */

export type Values = ReadonlyMap<string, VariableValue>;

export interface EvalEnv {
  vars: Values;
  mood: MoodInput;
}

const clampAxis = (x: number): number => (Number.isFinite(x) ? Math.max(-1, Math.min(1, x)) : 0);

/** The mood's label: the one the reader sees when given, else computed as the PAD engine does. */
export function moodNameOf(mood: MoodInput): MoodName {
  return mood.octant ?? moodLabel({ p: clampAxis(mood.p), a: clampAxis(mood.a), d: clampAxis(mood.d) }).octant;
}

function num(e: Expr, env: EvalEnv): number {
  const v = evaluate(e, env);
  return typeof v === "number" ? v : Number.NaN;
}

/** The value of a type-checked expression. */
export function evaluate(e: Expr, env: EvalEnv): VariableValue {
  switch (e.k) {
    case "num":
    case "bool":
      return e.v;
    case "var":
      return env.vars.get(e.name) ?? false;
    case "mood":
      return clampAxis(env.mood[e.axis]);
    case "moodIs":
      return moodNameOf(env.mood) === e.mood;
    case "not":
      return evaluate(e.e, env) !== true;
    case "neg":
      return -num(e.e, env);
    case "and":
      return evaluate(e.l, env) === true && evaluate(e.r, env) === true;
    case "or":
      return evaluate(e.l, env) === true || evaluate(e.r, env) === true;
    case "arith":
      return e.op === "+" ? num(e.l, env) + num(e.r, env) : num(e.l, env) - num(e.r, env);
    case "cmp":
      return compare(e.op, evaluate(e.l, env), evaluate(e.r, env));
  }
}

function compare(op: Extract<Expr, { k: "cmp" }>["op"], l: VariableValue, r: VariableValue): boolean {
  switch (op) {
    case "==":
      return l === r;
    case "!=":
      return l !== r;
    case "<":
      return l < r;
    case "<=":
      return l <= r;
    case ">":
      return l > r;
    case ">=":
      return l >= r;
  }
}

/** A condition holds only when it evaluates to exactly true. */
export const holds = (e: Expr, env: EvalEnv): boolean => evaluate(e, env) === true;

/** The range a number variable's value always stays in: its declared bounds, else ±SONG_LIMITS.number. */
export function rangeOf(v: Variable): { lo: number; hi: number } {
  if (v.type !== "number") return { lo: 0, hi: 0 };
  return { lo: v.min ?? -SONG_LIMITS.number, hi: v.max ?? SONG_LIMITS.number };
}

/** A value forced into a variable's type and range (non-finite numbers become the default). */
export function clampValue(v: Variable, value: unknown, fallback: VariableValue = v.default): VariableValue {
  if (v.type === "boolean") return typeof value === "boolean" ? value : (fallback as boolean);
  if (typeof value !== "number" || !Number.isFinite(value)) return fallback;
  const { lo, hi } = rangeOf(v);
  return Math.max(lo, Math.min(hi, value));
}

/**
 * Applies effects in order (SG16): each sees the values the previous ones left, and every
 * number is clamped to its variable's range. A result that is not finite leaves the
 * variable as it was.
 */
export function applyEffects(
  effects: readonly Effect[],
  values: Values,
  declared: ReadonlyMap<string, Variable>,
  mood: MoodInput,
): Map<string, VariableValue> {
  const next = new Map(values);
  for (const effect of effects) {
    const v = declared.get(effect.name);
    if (!v) continue;
    const old = next.get(effect.name) ?? v.default;
    const raw =
      effect.k === "toggle"
        ? old !== true
        : effect.k === "add"
          ? (old as number) + effect.amount
          : evaluate(effect.e, { vars: next, mood });
    next.set(effect.name, clampValue(v, raw, old));
  }
  return next;
}
