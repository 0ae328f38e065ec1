import type { RateLimiterRes } from "rate-limiter-flexible";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../core/errors.ts";
import { type Limiter, type LimiterFactory, limiterFactory } from "../core/limiter-store.ts";

/**
 * Login throttling in Nakama's shape: 5 failed tries per account per minute and 10 per
 * IP per 10 minutes, with a block that doubles on each further lock-out (up to an hour).
 * The account limit is keyed by account AND IP, so an attacker hammering a victim's
 * account locks out only the attacker's IP: the victim still signs in from elsewhere.
 */
export class LoginThrottle {
  readonly #perAccount: Limiter;
  readonly #perIp: Limiter;
  readonly #lockouts: Limiter;

  constructor(make: LimiterFactory = limiterFactory()) {
    this.#perAccount = make({ points: 5, duration: 60, keyPrefix: "login:account" });
    this.#perIp = make({ points: 10, duration: 600, keyPrefix: "login:ip" });
    this.#lockouts = make({ points: 1_000, duration: 3600, keyPrefix: "login:lockouts" });
  }

  /** Throws 429 when either budget is spent; call before checking the password. */
  async check(accountKey: string, ip: string): Promise<void> {
    const [account, perIp] = await Promise.all([
      this.#perAccount.get(`${accountKey}|${ip}`),
      this.#perIp.get(ip),
    ]);
    const blocked = [account, perIp].filter((r): r is RateLimiterRes => r !== null && r.remainingPoints <= 0);
    if (blocked.length === 0) return;
    const lockouts = (await this.#lockouts.get(ip))?.consumedPoints ?? 1;
    const base = Math.max(...blocked.map((r) => r.msBeforeNext));
    const wait = Math.min(3600_000, base * 2 ** Math.min(6, Math.max(0, lockouts - 1)));
    throw new DomainError(ErrorCode.RATE_LIMITED, "too many sign-in attempts; wait before trying again", {
      headers: { "retry-after": String(Math.ceil(wait / 1000)) },
    });
  }

  /** Counts one failed attempt against the account (from this IP) and the IP. */
  async failed(accountKey: string, ip: string): Promise<void> {
    const results = await Promise.allSettled([
      this.#perAccount.consume(`${accountKey}|${ip}`),
      this.#perIp.consume(ip),
    ]);
    if (results.some((r) => r.status === "rejected")) await this.#lockouts.penalty(ip, 1);
  }

  /** A success clears the account's failures from this IP. */
  async succeeded(accountKey: string, ip: string): Promise<void> {
    await this.#perAccount.delete(`${accountKey}|${ip}`);
  }
}
