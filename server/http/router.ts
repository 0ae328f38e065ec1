import type { Method, Route } from "./types.ts";

export const MUTATING: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface CompiledRoute {
  route: Route;
  /** The pattern, used as the metrics label so ids do not explode cardinality. */
  pattern: string;
  segments: string[];
}

export type RouteMatch =
  | { kind: "found"; route: Route; pattern: string; params: Record<string, string> }
  | { kind: "method-not-allowed"; allow: Method[] }
  | { kind: "not-found" };

/** A tiny exact-segment router: `/api/users/:username` style patterns, no regexes from input. */
export class Router {
  readonly #routes: CompiledRoute[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) {
      if (MUTATING.has(route.method) && !route.limit) {
        throw new Error(`${route.method} ${route.path} is a mutation without a rate limit`);
      }
      this.#routes.push({ route, pattern: route.path, segments: split(route.path) });
    }
    return this;
  }

  all(): readonly Route[] {
    return this.#routes.map((r) => r.route);
  }

  match(method: string, path: string): RouteMatch {
    const parts = split(path);
    const allow: Method[] = [];
    for (const compiled of this.#routes) {
      const params = matchSegments(compiled.segments, parts);
      if (!params) continue;
      const m = compiled.route.method;
      if (m === method || (m === "GET" && method === "HEAD")) {
        return { kind: "found", route: compiled.route, pattern: compiled.pattern, params };
      }
      allow.push(m);
    }
    return allow.length > 0 ? { kind: "method-not-allowed", allow } : { kind: "not-found" };
  }
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(":")) {
      const decoded = safeDecode(v);
      if (decoded === null) return null;
      params[p.slice(1)] = decoded;
    } else if (p !== v) {
      return null;
    }
  }
  return params;
}

function safeDecode(v: string): string | null {
  try {
    return decodeURIComponent(v);
  } catch {
    return null;
  }
}
