import type { Effect, Expr, Parsed, SourceProblem } from "#schema/song/condition.ts";
import type { Variable, VariableType } from "#schema/song/model.ts";
import { parseCondition, parseEffect } from "./parser.ts";

/**
 * Type checking against the declared variables (docs/SONG.md, SG14): numbers and
 * booleans never mix, every variable is declared, a condition is a boolean, an effect
 * matches its variable's type. Errors are in words with the position they point at.
 */

export type VariableTypes = ReadonlyMap<string, VariableType>;

export const typesOf = (variables: readonly Variable[]): VariableTypes =>
  new Map(variables.map((v) => [v.name, v.type]));

class TypeError_ extends Error {
  constructor(readonly problem: SourceProblem) {
    super(problem.message);
  }
}
const fail = (message: string, at: number): never => {
  throw new TypeError_({ message, at });
};

const WHAT: Record<Expr["k"], string> = {
  num: "a number",
  bool: "true/false",
  var: "a variable",
  mood: "a mood axis",
  moodIs: '"mood is …"',
  not: '"not"',
  neg: "a negative value",
  and: '"and"',
  or: '"or"',
  arith: "a sum",
  cmp: "a comparison",
};

function expect(e: Expr, want: VariableType, vars: VariableTypes, context: string): void {
  const got = typeOf(e, vars);
  if (got !== want) fail(`${context} needs ${want === "number" ? "a number" : "true/false"}, not ${WHAT[e.k]} (${got})`, e.at);
}

/** The type of an expression; throws on the first type error. */
function typeOf(e: Expr, vars: VariableTypes): VariableType {
  switch (e.k) {
    case "num":
    case "mood":
    case "neg":
    case "arith":
      if (e.k === "neg") expect(e.e, "number", vars, '"-"');
      if (e.k === "arith") {
        expect(e.l, "number", vars, `"${e.op}"`);
        expect(e.r, "number", vars, `"${e.op}"`);
      }
      return "number";
    case "bool":
    case "moodIs":
      return "boolean";
    case "var": {
      const t = vars.get(e.name);
      return t ?? fail(`unknown variable "${e.name}": declare it first`, e.at);
    }
    case "not":
      expect(e.e, "boolean", vars, '"not"');
      return "boolean";
    case "and":
    case "or":
      expect(e.l, "boolean", vars, `"${e.k}"`);
      expect(e.r, "boolean", vars, `"${e.k}"`);
      return "boolean";
    case "cmp": {
      if (e.op === "==" || e.op === "!=") {
        const l = typeOf(e.l, vars);
        const r = typeOf(e.r, vars);
        if (l !== r) fail(`"${e.op}" compares a ${l} with a ${r}`, e.at);
      } else {
        expect(e.l, "number", vars, `"${e.op}"`);
        expect(e.r, "number", vars, `"${e.op}"`);
      }
      return "boolean";
    }
  }
}

function guard<T>(body: () => T): Parsed<T> {
  try {
    return { ok: true, value: body() };
  } catch (err) {
    if (err instanceof TypeError_) return { ok: false, problem: err.problem };
    throw err;
  }
}

export function checkCondition(e: Expr, vars: VariableTypes): Parsed<Expr> {
  return guard(() => {
    expect(e, "boolean", vars, "a condition");
    return e;
  });
}

export function checkEffect(effect: Effect, vars: VariableTypes): Parsed<Effect> {
  return guard(() => {
    const t = vars.get(effect.name) ?? fail(`unknown variable "${effect.name}": declare it first`, effect.at);
    if (effect.k === "add" && t !== "number") fail(`"${effect.name}" is true/false: use "toggle ${effect.name}"`, effect.at);
    if (effect.k === "toggle" && t !== "boolean") fail(`"${effect.name}" is a number: only true/false can toggle`, effect.at);
    if (effect.k === "set") expect(effect.e, t, vars, `"set ${effect.name}"`);
    return effect;
  });
}

/** Parses and type-checks a condition's source. */
export function compileCondition(src: string, vars: VariableTypes): Parsed<Expr> {
  const parsed = parseCondition(src);
  return parsed.ok ? checkCondition(parsed.value, vars) : parsed;
}

/** Parses and type-checks an effect's source. */
export function compileEffect(src: string, vars: VariableTypes): Parsed<Effect> {
  const parsed = parseEffect(src);
  return parsed.ok ? checkEffect(parsed.value, vars) : parsed;
}

/** The variables an expression or effect reads or writes. */
export function variablesIn(node: Expr | Effect, into: Set<string> = new Set()): Set<string> {
  switch (node.k) {
    case "var":
      into.add(node.name);
      break;
    case "set":
      into.add(node.name);
      variablesIn(node.e, into);
      break;
    case "add":
    case "toggle":
      into.add(node.name);
      break;
    case "not":
    case "neg":
      variablesIn(node.e, into);
      break;
    case "and":
    case "or":
    case "arith":
    case "cmp":
      variablesIn(node.l, into);
      variablesIn(node.r, into);
      break;
  }
  return into;
}

/** Whether an expression reads the reader's mood (a mood-gated condition, SG42). */
export function readsMood(e: Expr): boolean {
  switch (e.k) {
    case "mood":
    case "moodIs":
      return true;
    case "not":
    case "neg":
      return readsMood(e.e);
    case "and":
    case "or":
    case "arith":
    case "cmp":
      return readsMood(e.l) || readsMood(e.r);
    default:
      return false;
  }
}
