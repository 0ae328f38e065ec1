import { timingSafeEqual } from "node:crypto";
import { ErrorCode } from "#schema/protocol.ts";
import type { SessionService } from "../auth/sessions.ts";
import type { Actor, SessionDoc } from "../auth/types.ts";
import type { Config } from "../config.ts";
import { DomainError } from "../core/errors.ts";
import { readCookie } from "../core/operator.ts";
import { originAllowed } from "./request-meta.ts";

export const SESSION_COOKIE = "neo_session";
export const CSRF_HEADER = "x-csrf-token";

/** `__Host-` requires Secure, which plain-http localhost development cannot set. */
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

export interface Authenticated {
  actor: Actor;
  session: SessionDoc;
  via: "cookie" | "bearer";
}

/** The session a request carries: `Authorization: Bearer` (bots, tools) or the session cookie (browsers). */
export async function authenticate(headers: Headers, sessions: SessionService): Promise<Authenticated | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  if (bearer) {
    const r = await sessions.resolve(bearer);
    return r ? { ...r, via: "bearer" } : null;
  }
  const cookies = headers.get("cookie");
  const token = readCookie(cookies, sessionCookieName(true)) ?? readCookie(cookies, SESSION_COOKIE);
  if (!token) return null;
  const r = await sessions.resolve(token);
  return r ? { ...r, via: "cookie" } : null;
}

/** Browsers may not mutate from another site: a foreign Origin or a cross-site fetch is refused. */
export function refuseCrossSite(headers: Headers, secure: boolean, config: Pick<Config, "allowedOrigins">): void {
  if (!originAllowed(headers, secure, config) || headers.get("sec-fetch-site") === "cross-site") {
    throw new DomainError(ErrorCode.FORBIDDEN, "cross-site requests are refused");
  }
}

/** Cookie-authenticated mutations must echo the session's CSRF token (synchronizer pattern). */
export function requireCsrf(auth: Authenticated, headers: Headers): void {
  if (auth.via !== "cookie") return;
  const sent = headers.get(CSRF_HEADER) ?? "";
  const expected = auth.session.csrfToken;
  const ok = sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  if (!ok) throw new DomainError(ErrorCode.FORBIDDEN, `missing or wrong ${CSRF_HEADER} header`);
}
