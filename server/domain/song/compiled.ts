import type { Effect, Expr, Parsed } from "#schema/song/condition.ts";
import type { Song, Variable } from "#schema/song/model.ts";
import { neverHolds, rangesEnv } from "./intervals.ts";
import { compileCondition, compileEffect, typesOf } from "./types.ts";

/**
 * Parsed and type-checked conditions and effects of a Song, cached by source and by the
 * declared variables' types: validation runs on every structural change of a 500-Verse
 * Song, and re-parsing 4,000 unchanged conditions each time would be wasted work. The
 * cache is bounded and only memoises pure functions.
 */
const CACHE_MAX = 20_000;
/** By variable signature, then by "c"/"e" + source. */
const cache = new Map<string, Map<string, Parsed<Expr> | Parsed<Effect>>>();
let entries = 0;

const signature = (variables: readonly Variable[]): string =>
  variables.map((v) => `${v.name}:${v.type}`).join(",");

function memo<T extends Parsed<Expr> | Parsed<Effect>>(bucket: Map<string, Parsed<Expr> | Parsed<Effect>>, key: string, make: () => T): T {
  const hit = bucket.get(key);
  if (hit) return hit as T;
  if (entries >= CACHE_MAX) {
    for (const b of cache.values()) b.clear();
    entries = 0;
  }
  const value = make();
  bucket.set(key, value);
  entries++;
  return value;
}

/** A compiler bound to one set of declared variables. */
export interface Compiler {
  condition(src: string): Parsed<Expr>;
  effect(src: string): Parsed<Effect>;
  /** Whether a (well-typed) condition can never hold within the declared ranges (SG36). */
  neverHolds(src: string): boolean;
}

/** neverHolds results by the variables' names, types and ranges, then by source. */
const verdicts = new Map<string, Map<string, boolean>>();
const rangeSignature = (variables: readonly Variable[]): string =>
  variables.map((v) => (v.type === "number" ? `${v.name}:${v.min}:${v.max}` : `${v.name}:b`)).join(",");

function verdictsFor(variables: readonly Variable[]): Map<string, boolean> {
  const sig = rangeSignature(variables);
  let bucket = verdicts.get(sig);
  if (!bucket || bucket.size >= CACHE_MAX) {
    if (verdicts.size >= 64) verdicts.clear();
    bucket = new Map();
    verdicts.set(sig, bucket);
  }
  return bucket;
}

export function compilerFor(variables: readonly Variable[]): Compiler {
  const sig = signature(variables);
  const types = typesOf(variables);
  let bucket = cache.get(sig);
  if (!bucket) {
    if (cache.size >= 64) {
      cache.clear();
      entries = 0;
    }
    bucket = new Map();
    cache.set(sig, bucket);
  }
  const b = bucket;
  const condition = (src: string) => memo(b, `c${src}`, () => compileCondition(src, types));
  let env: ReturnType<typeof rangesEnv> | null = null;
  let known: Map<string, boolean> | null = null;
  return {
    condition,
    effect: (src) => memo(b, `e${src}`, () => compileEffect(src, types)),
    neverHolds(src) {
      known ??= verdictsFor(variables);
      const hit = known.get(src);
      if (hit !== undefined) return hit;
      const c = condition(src);
      env ??= rangesEnv(variables);
      const verdict = c.ok && neverHolds(c.value, env);
      known.set(src, verdict);
      return verdict;
    },
  };
}

export const compilerOf = (song: Song): Compiler => compilerFor(song.variables);
