import { createHash, timingSafeEqual } from "node:crypto";

/** Cookie that keeps an operator signed in to the monitor page after one POST of the token. */
export const OPERATOR_COOKIE = "neo_operator";

/**
 * Operator access until accounts with roles exist: a bearer token from OPERATOR_TOKEN.
 * With no token configured every check fails: the doors are closed, never open.
 */
export class OperatorGuard {
  readonly #digest: Buffer | null;

  /** `isAdmin` says whether a request carries an admin's session: admins are operators too. */
  constructor(
    token: string | undefined,
    private readonly isAdmin: (headers: Headers) => Promise<boolean> = async () => false,
  ) {
    this.#digest = token ? sha256(token) : null;
  }

  /** "ok" for the operator token or an admin session; "disabled" when neither could ever succeed here. */
  async check(headers: Headers): Promise<"ok" | "denied" | "disabled"> {
    if (this.allows(headers) || (await this.isAdmin(headers))) return "ok";
    return this.enabled ? "denied" : "disabled";
  }

  get enabled(): boolean {
    return this.#digest !== null;
  }

  /** True when the request carries the operator token as a bearer header or the operator cookie. */
  allows(headers: Headers): boolean {
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
    if (bearer !== undefined && this.matches(bearer)) return true;
    const cookie = readCookie(headers.get("cookie"), OPERATOR_COOKIE) ?? readCookie(headers.get("cookie"), `__Host-${OPERATOR_COOKIE}`);
    return cookie !== undefined && this.#matchesCookie(cookie);
  }

  matches(token: string): boolean {
    return this.#digest !== null && timingSafeEqual(sha256(token), this.#digest);
  }

  /** The cookie value: a digest of the token, so the token itself never sits in the browser. */
  cookieValue(): string {
    if (!this.#digest) throw new Error("operator access is disabled");
    return sha256(`cookie:${this.#digest.toString("hex")}`).toString("hex");
  }

  #matchesCookie(value: string): boolean {
    if (!this.#digest || !/^[0-9a-f]{64}$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, "hex"), Buffer.from(this.cookieValue(), "hex"));
  }
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
