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
 * voids them all; sign-out revokes one cookie's id until it expires, in every process that
 * shares the revocation list (the app passes one kept in presence: Redis when scaled out).
 */
export class OperatorGuard {
  readonly #digest: Buffer | null;
  readonly #cookieKey: Buffer | null;

  /** `isAdmin` says whether a request carries an admin's session: admins are operators too. */
  constructor(
    token: string | undefined,
    private readonly isAdmin: (headers: Headers) => Promise<boolean> = async () => false,
    private readonly now: () => number = Date.now,
    private readonly revoked: RevokedCookies = new LocalRevokedCookies(now),
  ) {
    this.#digest = token ? sha256(token) : null;
    this.#cookieKey = this.#digest ? createHmac("sha256", this.#digest).update("neospace operator cookie v1").digest() : null;
  }

  /** "ok" for the operator token or an admin session; "disabled" when neither could ever succeed here. */
  async check(headers: Headers): Promise<"ok" | "denied" | "disabled"> {
    if ((await this.allows(headers)) || (await this.isAdmin(headers))) return "ok";
    return this.enabled ? "denied" : "disabled";
  }

  get enabled(): boolean {
    return this.#digest !== null;
  }

  /** True when the request carries the operator token as a bearer header or a live operator cookie. */
  async allows(headers: Headers): Promise<boolean> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
    if (bearer !== undefined && this.matches(bearer)) return true;
    const cookie = operatorCookieOf(headers);
    const claims = cookie === undefined ? null : this.#claimsOf(cookie);
    return claims !== null && !(await this.revoked.has(claims.id));
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
  async revokeCookieIn(headers: Headers): Promise<void> {
    const cookie = operatorCookieOf(headers);
    const claims = cookie === undefined ? null : this.#claimsOf(cookie);
    if (!claims) return;
    await this.revoked.add(claims.id, Math.ceil((claims.expiresAt - this.now()) / 1000));
  }

  #claimsOf(value: string): CookieClaims | null {
    const parts = COOKIE_SHAPE.exec(value);
    if (!this.#cookieKey || !parts) return null;
    const [, expires, id, mac] = parts as unknown as [string, string, string, string];
    const expected = Buffer.from(this.#mac(`${expires}.${id}`));
    if (!timingSafeEqual(Buffer.from(mac), expected)) return null;
    const expiresAt = Number(expires);
    if (expiresAt <= this.now()) return null;
    return { expiresAt, id };
  }

  #mac(payload: string): string {
    return createHmac("sha256", this.#cookieKey as Buffer).update(payload).digest("base64url");
  }
}

/** Signed-out cookie ids, each kept until its cookie would have expired anyway. */
export interface RevokedCookies {
  add(id: string, ttlSeconds: number): Promise<void>;
  has(id: string): Promise<boolean>;
}

/** One process's list (tests, and apps built without presence). */
export class LocalRevokedCookies implements RevokedCookies {
  readonly #until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async add(id: string, ttlSeconds: number): Promise<void> {
    for (const [known, until] of this.#until) if (until <= this.now()) this.#until.delete(known);
    this.#until.set(id, this.now() + ttlSeconds * 1000);
  }

  async has(id: string): Promise<boolean> {
    return (this.#until.get(id) ?? 0) > this.now();
  }
}

/** The part of Colyseus presence the shared list needs (LocalPresence or Redis). */
export interface KeyPresence {
  setex(key: string, value: string, seconds: number): unknown;
  exists(key: string): Promise<boolean>;
}

/** The list kept in presence, so a sign-out on one process closes the cookie on all of them. */
export class PresenceRevokedCookies implements RevokedCookies {
  constructor(private readonly presence: KeyPresence) {}

  async add(id: string, ttlSeconds: number): Promise<void> {
    await this.presence.setex(`neo:operator-revoked:${id}`, "1", Math.max(1, ttlSeconds));
  }

  async has(id: string): Promise<boolean> {
    return this.presence.exists(`neo:operator-revoked:${id}`);
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
