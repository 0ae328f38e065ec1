import type { Redis } from "ioredis";
import { type IRateLimiterOptions, RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";

export type Limiter = RateLimiterMemory | RateLimiterRedis;

/** Makes rate limiters: in process memory, or shared through Redis when scale-out is on. */
export type LimiterFactory = (options: IRateLimiterOptions & { keyPrefix: string }) => Limiter;

export function limiterFactory(redis?: Redis): LimiterFactory {
  if (!redis) return (options) => new RateLimiterMemory(options);
  // insuranceLimiter: if Redis stops answering, limits keep working per process.
  return (options) =>
    new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
}
