import type { View } from "./views/view.ts";

/** `"u/:username"` → "username"; `":view?"` segments are optional. */
type Segments<S extends string> = S extends `${infer Head}/${infer Rest}` ? Head | Segments<Rest> : S;
type Required<S extends string> = Segments<S> extends infer Seg ? (Seg extends `:${infer N}` ? (N extends `${string}?` ? never : N) : never) : never;
type Optional<S extends string> = Segments<S> extends infer Seg ? (Seg extends `:${infer N}?` ? N : never) : never;
/** The params a pattern captures, decoded: required ones are strings, optional ones may be missing. */
export type PatternParams<S extends string> = { [K in Required<S>]: string } & { [K in Optional<S>]?: string };

/** One address → one view. Made by `route()`, which keeps the pattern's params typed. */
export interface Route {
  readonly pattern: string;
  /** The view and its params when the address matches, else null. */
  match(path: readonly string[]): { view: View<never>; open(): Promise<void> } | null;
}

/**
 * `route("u/:username", profileView, (p) => ({ username: p.username }))`: the hash
 * `#/u/ann` opens the profile view with `{ username: "ann" }`. Segments after the pattern
 * are ignored; `toParams` may return null to refuse a match (the next route is tried).
 */
export function route<S extends string, P>(pattern: S, view: View<P>, toParams: (raw: PatternParams<S>) => P | null): Route {
  const parts = pattern.split("/");
  return {
    pattern,
    match(path) {
      const raw: Record<string, string> = {};
      for (const [i, part] of parts.entries()) {
        const segment = path[i];
        if (part.startsWith(":")) {
          const optional = part.endsWith("?");
          const name = part.slice(1, optional ? -1 : undefined);
          if (segment) raw[name] = segment;
          else if (!optional) return null;
        } else if (segment !== part) {
          return null;
        }
      }
      const params = toParams(raw as PatternParams<S>);
      return params === null ? null : { view: view as View<never>, open: () => view.open(params) };
    },
  };
}

/** The hash path after `#/` (or `#`), split and decoded; a bad escape leaves the segment as written. */
export function hashPath(hash: string): string[] {
  return hash
    .replace(/^#\/?/, "")
    .split("/")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/**
 * Maps the address (`location.hash`) to one open view at a time: the first route that
 * matches wins, `fallback` when none does. Leaving a view closes it before the next one
 * opens; when navigation outruns a slow close, only the newest address is opened.
 */
export class Router {
  #current: View<never> | null = null;
  #seq = 0;

  constructor(
    private readonly routes: readonly Route[],
    private readonly fallback: Route,
  ) {}

  async resolve(hash: string): Promise<void> {
    const seq = ++this.#seq;
    const path = hashPath(hash);
    const found = this.routes.map((r) => r.match(path)).find((m) => m !== null) ?? this.fallback.match([this.fallback.pattern]);
    if (!found) throw new Error(`the fallback route ${this.fallback.pattern} does not match itself`);
    const previous = this.#current;
    this.#current = found.view;
    if (previous && previous !== found.view) await previous.close();
    if (seq !== this.#seq) return;
    await found.open();
  }

  /** Closes the open view (signing out); the next `resolve` opens one again. */
  async closeAll(): Promise<void> {
    this.#seq++;
    const current = this.#current;
    this.#current = null;
    await current?.close();
  }
}
