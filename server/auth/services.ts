import { availableParallelism } from "node:os";
import type { Config } from "../config.ts";
import { HashQueue } from "../core/hash-queue.ts";
import { type LimiterFactory, limiterFactory } from "../core/limiter-store.ts";
import { type PasswordPolicy, owaspScrypt } from "../core/passwords.ts";
import { UserRepository } from "../store/repositories/users.ts";
import type { DocStore } from "../store/types.ts";
import { AccountService } from "./accounts.ts";
import { AdminService } from "./admin.ts";
import { AuditLog } from "./audit.ts";
import { type Kicker, type KickPresence, PresenceKicker } from "./kicker.ts";
import { LoginThrottle } from "./login-throttle.ts";
import { type SessionPolicy, SessionService } from "./sessions.ts";

export interface AuthServices {
  users: UserRepository;
  sessions: SessionService;
  accounts: AccountService;
  admin: AdminService;
  audit: AuditLog;
  kicker: Kicker;
  policy: SessionPolicy;
}

/** Builds identity on a store: sessions, accounts, moderation, audit, and the kick push through presence. */
export function createAuthServices(
  store: DocStore,
  config: Readonly<Config>,
  now: () => number,
  limiters: LimiterFactory = limiterFactory(),
  presence?: KickPresence,
): AuthServices {
  const policy: SessionPolicy = {
    idleMs: config.sessionIdleMs,
    absoluteMs: config.sessionAbsoluteMs,
    touchEveryMs: 60_000,
  };
  const users = new UserRepository(store);
  const sessions = new SessionService(store, policy, now);
  const kicker = new PresenceKicker(presence, config.kickPush);
  const audit = new AuditLog(store, now);
  const hashing = new HashQueue({ concurrency: hashConcurrency(config.hashConcurrency), maxWaiting: config.hashQueueMax });
  const password = passwordPolicy(config);
  const accounts = new AccountService({ users, sessions, throttle: new LoginThrottle(limiters), kicker, now, password, hashing });
  const admin = new AdminService({ users, sessions, audit, kicker, now });
  return { users, sessions, accounts, admin, audit, kicker, policy };
}

/** The algorithm and cost new password hashes get, from PASSWORD_HASH and its settings. */
export function passwordPolicy(config: Readonly<Config>): PasswordPolicy {
  if (config.passwordHash === "scrypt") return owaspScrypt(config.scryptLog2N);
  return { algorithm: "argon2id", memoryKiB: config.argon2MemoryKiB, time: config.argon2Time, parallelism: 1 };
}

/** HASH_CONCURRENCY, where 0 leaves one core to the event loop (at least one hash at a time). */
export function hashConcurrency(configured: number): number {
  return configured > 0 ? configured : Math.max(1, availableParallelism() - 1);
}
