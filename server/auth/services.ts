import { matchMaker } from "@colyseus/core";
import type { Config } from "../config.ts";
import { type LimiterFactory, limiterFactory } from "../core/limiter-store.ts";
import type { DocStore } from "../store/types.ts";
import { AccountService } from "./accounts.ts";
import { AdminService } from "./admin.ts";
import { AuditLog } from "./audit.ts";
import { type Kicker, PresenceKicker } from "./kicker.ts";
import { LoginThrottle } from "./login-throttle.ts";
import { type SessionPolicy, SessionService } from "./sessions.ts";

export interface AuthServices {
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
): AuthServices {
  const policy: SessionPolicy = {
    idleMs: config.sessionIdleMs,
    absoluteMs: config.sessionAbsoluteMs,
    touchEveryMs: 60_000,
  };
  const sessions = new SessionService(store, policy, now);
  const kicker = new PresenceKicker(() => matchMaker.presence, config.kickPush);
  const audit = new AuditLog(store, now);
  const scrypt = { N: 2 ** config.scryptLog2N, r: 8, p: 1 };
  const accounts = new AccountService({ store, sessions, throttle: new LoginThrottle(limiters), kicker, now, scrypt });
  const admin = new AdminService({ store, sessions, audit, kicker, now });
  return { sessions, accounts, admin, audit, kicker, policy };
}
