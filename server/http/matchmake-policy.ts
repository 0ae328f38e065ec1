import { createHash } from "node:crypto";
import { ErrorCode } from "#schema/protocol.ts";
import type { SessionService } from "../auth/sessions.ts";
import type { Config } from "../config.ts";
import { DomainError } from "../core/errors.ts";
import { authenticate } from "../auth/credentials.ts";
import type { RateLimits } from "./rate-limits.ts";
import { clientIpOf } from "./request-meta.ts";
import type { RawRequest, RouteLimit } from "./types.ts";

/*
 * Matchmaking methods a client may call: `joinOrCreate` is the contract for every room
 * type (one instance per map or wall, a new one only when full); `join`, `joinById` and
 * `reconnect` never create a room. `create` would open a room per call, so it is refused
 * here (403); unknown methods are Colyseus's 404.
 */

/** The budget row for `/matchmake`, like a route table row's `limit`. */
export function matchmakeLimit(config: Pick<Config, "matchmakePerIpPerMinute" | "matchmakePerUserPerMinute">): RouteLimit {
  return {
    perIp: { points: config.matchmakePerIpPerMinute, seconds: 60 },
    perUser: { points: config.matchmakePerUserPerMinute, seconds: 60 },
  };
}

export interface MatchmakePolicyDeps {
  config: Readonly<Config>;
  sessions: SessionService;
  limiter: RateLimits;
}

/**
 * Runs before a matchmaking request reaches Colyseus: no `create`, then one point from
 * the per-IP and (when signed in) per-account budgets, shared across processes through
 * the limiter factory. Throws a DomainError (problem+json) on refusal; returns the
 * RateLimit headers otherwise. Seats per account are capped later, in onAuth.
 */
export async function admitMatchmake(deps: MatchmakePolicyDeps, raw: RawRequest, path: string): Promise<Record<string, string>> {
  if (raw.method !== "POST") return {};
  const method = path.split("/")[2] ?? "";
  if (method === "create") {
    throw new DomainError(ErrorCode.FORBIDDEN, "create is not open to clients; use joinOrCreate");
  }
  // Anything else unknown falls through to Colyseus, whose refusal matchmake-errors maps to 404.
  const ip = clientIpOf(raw, deps.config);
  return deps.limiter.consume("/matchmake", matchmakeLimit(deps.config), ip, await budgetOwner(deps, raw.headers));
}

/** Who pays for a matchmaking request, remembered briefly per credential. */
const WHO_TTL_MS = 10_000;
const WHO_MAX = 10_000;
const whoCaches = new WeakMap<MatchmakePolicyDeps, Map<string, { userId: string | undefined; until: number }>>();

/**
 * The account a matchmaking request is charged to. Only the budget uses this (onAuth
 * authenticates every join for real), so remembering a credential's user for a few
 * seconds is safe, and a flood from one session costs no store query per request.
 */
async function budgetOwner(deps: MatchmakePolicyDeps, headers: Headers): Promise<string | undefined> {
  const raw = `${headers.get("authorization") ?? ""}|${headers.get("cookie") ?? ""}`;
  if (raw === "|") return undefined;
  // Keyed by a digest: no live credential sits in this map.
  const credential = createHash("sha256").update(raw).digest("base64url");
  let cache = whoCaches.get(deps);
  if (!cache) {
    cache = new Map();
    whoCaches.set(deps, cache);
  }
  const now = Date.now();
  const hit = cache.get(credential);
  if (hit && hit.until > now) return hit.userId;
  const userId = (await authenticate(headers, deps.sessions))?.actor.userId;
  if (cache.size >= WHO_MAX) cache.clear();
  cache.set(credential, { userId, until: now + WHO_TTL_MS });
  return userId;
}
