import type { Effect, Expr, Parsed } from "#schema/song/condition.ts";
import type { Song, Variable } from "#schema/song/model.ts";
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
  return {
    condition: (src) => memo(b, `c${src}`, () => compileCondition(src, types)),
    effect: (src) => memo(b, `e${src}`, () => compileEffect(src, types)),
  };
}

export const compilerOf = (song: Song): Compiler => compilerFor(song.variables);
