import { RateLimiterRes } from "rate-limiter-flexible";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../core/errors.ts";
import { type Limiter, type LimiterFactory, limiterFactory } from "../core/limiter-store.ts";
import type { Quota, RouteLimit } from "./types.ts";
import { InputShapeError } from "./validate.ts";

/** What one request spent: enough to give it back. */
export interface Spent {
  route: string;
  limit: RouteLimit;
  ip: string;
  userId: string | undefined;
}

/**
 * Per-route budgets for HTTP mutations, per IP and per user (rate-limiter-flexible, in
 * memory or in Redis with REDIS_URL). Over budget: 429 problem+json with Retry-After and
 * RateLimit headers.
 */
export class RateLimits {
  readonly #limiters = new Map<string, Limiter>();

  constructor(private readonly make: LimiterFactory = limiterFactory()) {}

  /** Consumes one point from each applicable budget; returns the RateLimit headers of the tightest. */
  async consume(route: string, limit: RouteLimit, ip: string, userId?: string): Promise<Record<string, string>> {
    const checks: Array<[string, Quota, string]> = [[`${route}|ip`, limit.perIp, ip]];
    if (limit.perUser && userId) checks.push([`${route}|user`, limit.perUser, userId]);
    let tightest: { quota: Quota; res: RateLimiterRes } | undefined;
    for (const [name, quota, key] of checks) {
      const res = await this.#consumeOne(name, quota, key);
      if (!tightest || res.remainingPoints < tightest.res.remainingPoints) tightest = { quota, res };
    }
    return tightest ? headersOf(tightest.quota, tightest.res) : {};
  }

  /** Gives back the point `consume` took from each budget (the request turned out not to count). */
  async refund({ route, limit, ip, userId }: Spent): Promise<void> {
    const keys: Array<[string, string]> = [[`${route}|ip`, ip]];
    if (limit.perUser && userId) keys.push([`${route}|user`, userId]);
    for (const [name, key] of keys) await this.#limiters.get(name)?.reward(key, 1);
  }

  async #consumeOne(name: string, quota: Quota, key: string): Promise<RateLimiterRes> {
    let limiter = this.#limiters.get(name);
    if (!limiter) {
      limiter = this.make({ points: quota.points, duration: quota.seconds, keyPrefix: `route:${name}` });
      this.#limiters.set(name, limiter);
    }
    try {
      return await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new DomainError(ErrorCode.RATE_LIMITED, `at most ${quota.points} requests per ${quota.seconds} s`, {
        headers: { "retry-after": String(Math.ceil(rejection.msBeforeNext / 1000)), ...headersOf(quota, rejection) },
      });
    }
  }
}

function headersOf(quota: Quota, res: RateLimiterRes): Record<string, string> {
  return {
    "ratelimit-limit": String(quota.points),
    "ratelimit-remaining": String(Math.max(0, res.remainingPoints)),
    "ratelimit-reset": String(Math.ceil(res.msBeforeNext / 1000)),
    "ratelimit-policy": `${quota.points};w=${quota.seconds}`,
  };
}

/**
 * Runs a handler after its budget was spent; a body refused for its shape (400/415) gets
 * the point back, so budgets count only requests that reached the rules they protect.
 */
export async function refundingShapeErrors<T>(limits: RateLimits, spent: Spent | null, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (spent && err instanceof InputShapeError) await limits.refund(spent);
    throw err;
  }
}
