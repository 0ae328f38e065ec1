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
  /** An overlay opens over the base view (the world) without closing it. */
  readonly overlay: boolean;
  /** The view and its params when the address matches, else null. */
  match(path: readonly string[]): { view: View<never>; open(): Promise<void> } | null;
}

/**
 * `route("u/:username", profileView, (p) => ({ username: p.username }))`: the hash
 * `#/u/ann` opens the profile view with `{ username: "ann" }`. Segments after the pattern
 * are ignored; `toParams` may return null to refuse a match (the next route is tried).
 */
export function route<S extends string, P>(
  pattern: S,
  view: View<P>,
  toParams: (raw: PatternParams<S>) => P | null,
  options: { overlay?: boolean } = {},
): Route {
  const parts = pattern.split("/");
  return {
    pattern,
    overlay: options.overlay === true,
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
 * Maps the address (`location.hash`) to what is open: one base view (the world, later a
 * Song) and at most one overlay over it (a profile, the feed). The first route that
 * matches wins, `fallback` when none does. An overlay route keeps the base view open
 * beneath it (and opens the fallback as the base when nothing is open yet), so reading a
 * profile never leaves the world; a base route closes the overlay and, when it is another
 * view, the old base. When navigation outruns a slow close, only the newest address opens.
 */
export class Router {
  #base: View<never> | null = null;
  #overlay: View<never> | null = null;
  #seq = 0;

  constructor(
    private readonly routes: readonly Route[],
    private readonly fallback: Route,
  ) {}

  /** True while an overlay view is open over the base. */
  get overlayOpen(): boolean {
    return this.#overlay !== null;
  }

  async resolve(hash: string): Promise<void> {
    const seq = ++this.#seq;
    const path = hashPath(hash);
    const matched = this.routes.map((r) => ({ route: r, found: r.match(path) })).find((m) => m.found !== null);
    const route = matched?.route ?? this.fallback;
    const found = matched?.found ?? this.#fallbackMatch();
    if (!found) throw new Error(`the fallback route ${this.fallback.pattern} does not match itself`);
    if (route.overlay) await this.#openOverlay(seq, found);
    else await this.#openBase(seq, found);
  }

  async #openBase(seq: number, found: { view: View<never>; open(): Promise<void> }): Promise<void> {
    const overlay = this.#overlay;
    const previous = this.#base;
    this.#overlay = null;
    this.#base = found.view;
    if (overlay) await overlay.close();
    if (previous && previous !== found.view) await previous.close();
    if (seq !== this.#seq) return;
    await found.open();
  }

  async #openOverlay(seq: number, found: { view: View<never>; open(): Promise<void> }): Promise<void> {
    const previous = this.#overlay;
    this.#overlay = found.view;
    if (previous && previous !== found.view) await previous.close();
    if (seq !== this.#seq) return;
    const opening = [found.open()];
    if (!this.#base) {
      const base = this.#fallbackMatch();
      if (base) {
        this.#base = base.view;
        opening.push(base.open());
      }
    }
    await Promise.all(opening);
  }

  /** The fallback opened with no params: its literal segments only ("world/:map?" → ["world"]). */
  #fallbackMatch(): { view: View<never>; open(): Promise<void> } | null {
    return this.fallback.match(this.fallback.pattern.split("/").filter((part) => !part.startsWith(":")));
  }

  /** Closes everything (signing out); the next `resolve` opens views again. */
  async closeAll(): Promise<void> {
    this.#seq++;
    const open = [this.#overlay, this.#base];
    this.#overlay = null;
    this.#base = null;
    for (const view of open) await view?.close();
  }
}
