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
const cache = new Map<string, Parsed<Expr> | Parsed<Effect>>();

const signature = (variables: readonly Variable[]): string =>
  variables.map((v) => `${v.name}:${v.type}`).join(",");

function memo<T extends Parsed<Expr> | Parsed<Effect>>(key: string, make: () => T): T {
  const hit = cache.get(key);
  if (hit) return hit as T;
  if (cache.size >= CACHE_MAX) cache.clear();
  const value = make();
  cache.set(key, value);
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
  return {
    condition: (src) => memo(`c\u0000${sig}\u0000${src}`, () => compileCondition(src, types)),
    effect: (src) => memo(`e\u0000${sig}\u0000${src}`, () => compileEffect(src, types)),
  };
}

export const compilerOf = (song: Song): Compiler => compilerFor(song.variables);
