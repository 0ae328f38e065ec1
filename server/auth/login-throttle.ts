import { RateLimiterRes } from "rate-limiter-flexible";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../core/errors.ts";
import { type Limiter, type LimiterFactory, limiterFactory } from "../core/limiter-store.ts";

const ACCOUNT_POINTS = 5;
const IP_POINTS = 10;

/**
 * Login throttling in Nakama's shape: 5 tries per account per minute and 10 per IP per
 * 10 minutes, with a block that doubles on each further lock-out (up to an hour).
 * The account limit is keyed by account AND IP, so an attacker hammering a victim's
 * account locks out only the attacker's IP: the victim still signs in from elsewhere.
 *
 * A try spends its points BEFORE the password is verified (`reserve`) and gets them back
 * on success (`succeeded`). Checking first and counting after the slow hash let 20
 * concurrent wrong passwords all pass the check (security review, issue 8 item 6).
 */
export class LoginThrottle {
  readonly #perAccount: Limiter;
  readonly #perIp: Limiter;
  readonly #lockouts: Limiter;

  constructor(make: LimiterFactory = limiterFactory()) {
    this.#perAccount = make({ points: ACCOUNT_POINTS, duration: 60, keyPrefix: "login:account" });
    this.#perIp = make({ points: IP_POINTS, duration: 600, keyPrefix: "login:ip" });
    this.#lockouts = make({ points: 1_000, duration: 3600, keyPrefix: "login:lockouts" });
  }

  /** Spends one point of each budget; throws 429 (and spends nothing it can refund) when either is gone. */
  async reserve(accountKey: string, ip: string): Promise<void> {
    const [account, perIp] = await Promise.allSettled([this.#perAccount.consume(`${accountKey}|${ip}`), this.#perIp.consume(ip)]);
    const refused = [account, perIp].flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    if (refused.length === 0) return;
    // Anything but a limiter's "no points left" (e.g. Redis down with no insurance) is a real error.
    const blocked = refused.filter((r): r is RateLimiterRes => r instanceof RateLimiterRes);
    if (blocked.length !== refused.length) throw refused.find((r) => !(r instanceof RateLimiterRes));
    // Give back the point of the budget that did accept this try: the try never happens.
    if (perIp.status === "fulfilled") await this.#perIp.reward(ip, 1);
    if (account.status === "fulfilled") await this.#perAccount.reward(`${accountKey}|${ip}`, 1);
    const fresh =
      (account.status === "rejected" && account.reason.consumedPoints === ACCOUNT_POINTS + 1) ||
      (perIp.status === "rejected" && perIp.reason.consumedPoints === IP_POINTS + 1);
    throw await this.#tooMany(ip, blocked, fresh);
  }

  /** A success gives the try back and clears the account's failures from this IP. */
  async succeeded(accountKey: string, ip: string): Promise<void> {
    await Promise.all([this.#perAccount.delete(`${accountKey}|${ip}`), this.#perIp.reward(ip, 1)]);
  }

  /** The first refusal after a budget runs out starts a lock-out; each lock-out doubles the wait. */
  async #tooMany(ip: string, blocked: RateLimiterRes[], freshLockout: boolean): Promise<DomainError> {
    const lockouts = freshLockout
      ? (await this.#lockouts.penalty(ip, 1)).consumedPoints
      : ((await this.#lockouts.get(ip))?.consumedPoints ?? 1);
    const base = Math.max(...blocked.map((r) => r.msBeforeNext));
    const wait = Math.min(3600_000, base * 2 ** Math.min(6, Math.max(0, lockouts - 1)));
    return new DomainError(ErrorCode.RATE_LIMITED, "too many sign-in attempts; wait before trying again", {
      headers: { "retry-after": String(Math.ceil(wait / 1000)) },
    });
  }
}
