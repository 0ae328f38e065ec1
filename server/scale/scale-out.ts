import type { MatchMakerDriver, Presence } from "@colyseus/core";
import type { Redis } from "ioredis";
import type { Config } from "../config.ts";
import type { Logger } from "../core/logger.ts";

/**
 * What running several processes needs, all from REDIS_URL: Colyseus presence (kicks and
 * room messages reach every process), the matchmaking driver (every process sees every
 * room) and a shared store for rate limits. Without REDIS_URL: one process, in memory.
 */
export interface ScaleOut {
  presence?: Presence;
  driver?: MatchMakerDriver;
  /** Shared counters for rate limits, or undefined for in-process memory. */
  redis?: Redis;
  close(): Promise<void>;
}

export async function createScaleOut(config: Readonly<Config>, log: Logger): Promise<ScaleOut> {
  if (!config.redisUrl) return { close: async () => undefined };
  const [{ RedisPresence }, { RedisDriver }, { Redis: RedisClient }] = await Promise.all([
    import("@colyseus/redis-presence"),
    import("@colyseus/redis-driver"),
    import("ioredis"),
  ]);
  const redis = new RedisClient(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  redis.on("error", (err) => log.warn({ err: err.message }, "redis error (rate limits)"));
  await redis.ping().catch((err: unknown) => {
    throw new Error(`cannot reach Redis at ${redactRedisUrl(config.redisUrl ?? "")}: ${String(err)}`);
  });
  const presence = new RedisPresence(config.redisUrl);
  const driver = new RedisDriver(config.redisUrl);
  log.info({ redis: redactRedisUrl(config.redisUrl) }, "scale-out through Redis: presence, driver, rate limits");
  if (!config.publicAddress) log.warn("REDIS_URL without PUBLIC_ADDRESS: clients may be sent to a room on another process");
  return {
    presence,
    driver,
    redis,
    close: async () => {
      redis.disconnect();
    },
  };
}

/** The URL without its password, for logs and errors. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable REDIS_URL)";
  }
}
