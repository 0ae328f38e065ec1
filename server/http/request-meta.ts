import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { REQUEST_ID_HEADER } from "#schema/protocol.ts";
import type { Config } from "../config.ts";
import type { RawRequest } from "./types.ts";

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * `host[:port]` and nothing else: a DNS name (letters, digits, `-`, `_`, dots), an IPv4
 * address, or a bracketed IPv6 literal. No `/ \ ? # @`, no spaces: a Host header is
 * hostile input, and one that can carry a path once opened the monitor (issue 8 #1).
 */
const HOST_SYNTAX = /^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;
const HOST_MAX_LENGTH = 255;

/** A caller's request id is echoed when it looks safe (for tracing across hops); otherwise we mint one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** The Host header when it is plain `host[:port]`; null when it is missing or anything else. */
export function hostOf(headers: Headers): string | null {
  const host = headers.get("host");
  if (host === null || host.length > HOST_MAX_LENGTH || !HOST_SYNTAX.test(host)) return null;
  return host;
}

/**
 * The client IP. With TRUST_PROXY = n (a hop count), the n-th X-Forwarded-For entry from
 * the right: each of our n proxies appends the address it saw, so everything left of that
 * is whatever the client chose to send. Fewer entries than hops, or an entry that is not
 * an IP address, means the header did not come through our proxies: use the socket's.
 */
export function clientIpOf(raw: RawRequest, config: Pick<Config, "trustProxy">): string {
  const hops = config.trustProxy;
  if (hops === 0) return raw.remoteAddress;
  const chain = (raw.headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim());
  const candidate = chain.length >= hops ? chain[chain.length - hops] : undefined;
  return candidate && isIP(candidate) ? candidate : raw.remoteAddress;
}

/** TLS ended at our proxy when it says so in X-Forwarded-Proto (the right-most entry: the nearest proxy's). */
export function isSecureRequest(headers: Headers, config: Pick<Config, "trustProxy">): boolean {
  if (config.trustProxy === 0) return false;
  const proto = (headers.get("x-forwarded-proto") ?? "").split(",").pop()?.trim();
  return proto === "https";
}

/** Our own origin as the browser sees it (scheme + a well-formed Host header). */
export function ownOrigin(headers: Headers, secure: boolean): string | null {
  const host = hostOf(headers);
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
