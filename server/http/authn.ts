import { timingSafeEqual } from "node:crypto";
import { ErrorCode } from "#schema/protocol.ts";
import type { Authenticated } from "../auth/credentials.ts";
import type { Config } from "../config.ts";
import { DomainError } from "../core/errors.ts";
import { originAllowed } from "./request-meta.ts";

// Reading a session from a request lives in auth/credentials.ts; HTTP keeps CSRF and origin rules.
export const CSRF_HEADER = "x-csrf-token";

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
