import { randomUUID } from "node:crypto";
import { REQUEST_ID_HEADER } from "#schema/protocol.ts";
import type { Config } from "../config.ts";
import type { RawRequest } from "./types.ts";

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** A caller's request id is echoed when it looks safe (for tracing across hops); otherwise we mint one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** The client IP: the socket's, or X-Forwarded-For's first hop only when TRUST_PROXY is set. */
export function clientIpOf(raw: RawRequest, config: Pick<Config, "trustProxy">): string {
  if (config.trustProxy) {
    const first = raw.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (first) return first;
  }
  return raw.remoteAddress;
}

export function isSecureRequest(raw: RawRequest, config: Pick<Config, "trustProxy">): boolean {
  return config.trustProxy && raw.headers.get("x-forwarded-proto") === "https";
}

/** Our own origin as the browser sees it (scheme + Host header). */
export function ownOrigin(headers: Headers, secure: boolean): string | null {
  const host = headers.get("host");
  return host ? `${secure ? "https" : "http"}://${host}` : null;
}

/** Exact-match Origin check: our own origin or one listed in ALLOWED_ORIGINS. No Origin (non-browser) passes. */
export function originAllowed(
  headers: Headers,
  secure: boolean,
  config: Pick<Config, "allowedOrigins">,
): boolean {
  const origin = headers.get("origin");
  if (origin === null) return true;
  return origin === ownOrigin(headers, secure) || config.allowedOrigins.includes(origin);
}
