import { RateLimiterRes } from "rate-limiter-flexible";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../core/errors.ts";
import { type Limiter, type LimiterFactory, limiterFactory } from "../core/limiter-store.ts";
import type { Quota, RouteLimit } from "./types.ts";

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
