import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Cookie that keeps an operator signed in to the monitor page after one POST of the token. */
export const OPERATOR_COOKIE = "neo_operator";

/** How long an operator cookie opens the monitor (also its Max-Age). */
export const OPERATOR_COOKIE_TTL_SECONDS = 8 * 3600;

/** `<expires ms>.<id>.<mac>`: an expiry and a random id, MAC'd with a key derived from the token. */
const COOKIE_SHAPE = /^([0-9]{1,15})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

interface CookieClaims {
  expiresAt: number;
  id: string;
}

/**
 * Operator access until accounts with roles exist: a bearer token from OPERATOR_TOKEN.
 * With no token configured every check fails: the doors are closed, never open.
 *
 * The operator cookie is not a digest of the token (which never expired and could not be
 * revoked, issue 8 #10) but `expiry.id.HMAC(key, expiry.id)`. The key is derived from the
 * token, so every process accepts a cookie any of them issued, and a new OPERATOR_TOKEN
 * voids them all; sign-out revokes one cookie's id in this process until it expires.
 */
export class OperatorGuard {
  readonly #digest: Buffer | null;
  readonly #cookieKey: Buffer | null;
  /** Revoked cookie ids → their expiry (pruned once past it). */
  readonly #revoked = new Map<string, number>();

  /** `isAdmin` says whether a request carries an admin's session: admins are operators too. */
  constructor(
    token: string | undefined,
    private readonly isAdmin: (headers: Headers) => Promise<boolean> = async () => false,
    private readonly now: () => number = Date.now,
  ) {
    this.#digest = token ? sha256(token) : null;
    this.#cookieKey = this.#digest ? createHmac("sha256", this.#digest).update("neospace operator cookie v1").digest() : null;
  }

  /** "ok" for the operator token or an admin session; "disabled" when neither could ever succeed here. */
  async check(headers: Headers): Promise<"ok" | "denied" | "disabled"> {
    if (this.allows(headers) || (await this.isAdmin(headers))) return "ok";
    return this.enabled ? "denied" : "disabled";
  }

  get enabled(): boolean {
    return this.#digest !== null;
  }

  /** True when the request carries the operator token as a bearer header or a live operator cookie. */
  allows(headers: Headers): boolean {
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
    if (bearer !== undefined && this.matches(bearer)) return true;
    const cookie = operatorCookieOf(headers);
    return cookie !== undefined && this.#claimsOf(cookie) !== null;
  }

  matches(token: string): boolean {
    return this.#digest !== null && timingSafeEqual(sha256(token), this.#digest);
  }

  /** A new cookie value: expires in OPERATOR_COOKIE_TTL_SECONDS; the token itself never sits in the browser. */
  issueCookie(): string {
    if (!this.#cookieKey) throw new Error("operator access is disabled");
    const payload = `${this.now() + OPERATOR_COOKIE_TTL_SECONDS * 1000}.${randomBytes(16).toString("base64url")}`;
    return `${payload}.${this.#mac(payload)}`;
  }

  /** Sign-out: the cookie in these headers (if it is one of ours and alive) opens nothing any more. */
  revokeCookieIn(headers: Headers): void {
    const cookie = operatorCookieOf(headers);
    const claims = cookie === undefined ? null : this.#claimsOf(cookie);
    if (!claims) return;
    this.#revoked.set(claims.id, claims.expiresAt);
    for (const [id, expiresAt] of this.#revoked) if (expiresAt <= this.now()) this.#revoked.delete(id);
  }

  #claimsOf(value: string): CookieClaims | null {
    const parts = COOKIE_SHAPE.exec(value);
    if (!this.#cookieKey || !parts) return null;
    const [, expires, id, mac] = parts as unknown as [string, string, string, string];
    const expected = Buffer.from(this.#mac(`${expires}.${id}`));
    if (!timingSafeEqual(Buffer.from(mac), expected)) return null;
    const expiresAt = Number(expires);
    if (expiresAt <= this.now() || this.#revoked.has(id)) return null;
    return { expiresAt, id };
  }

  #mac(payload: string): string {
    return createHmac("sha256", this.#cookieKey as Buffer).update(payload).digest("base64url");
  }
}

/** The operator cookie's value (either spelling: the gateway has already dropped the one the scheme forbids). */
function operatorCookieOf(headers: Headers): string | undefined {
  const header = headers.get("cookie");
  return readCookie(header, `__Host-${OPERATOR_COOKIE}`) ?? readCookie(header, OPERATOR_COOKIE);
}

function sha256(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
