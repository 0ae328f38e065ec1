import { ErrorCode } from "#schema/protocol.ts";
import { problemResponse } from "./problem.ts";
import { hostOf } from "./request-meta.ts";
import type { HttpResponse, RawRequest } from "./types.ts";

/**
 * The one origin every URL inside the server is built on. The gateway parses the request
 * target against it and the Colyseus bridge forwards to it, so the path the gateway's
 * checks saw is the path Colyseus routes: nothing a client sends (Host above all) is
 * ever pasted into a URL.
 */
export const INTERNAL_ORIGIN = "http://neospace.internal";

/** The request target (origin-form `/path?query` only), parsed; null when it is anything else. */
export function parseTarget(target: string): URL | null {
  if (!target.startsWith("/")) return null;
  try {
    const url = new URL(`${INTERNAL_ORIGIN}${target}`);
    return url.origin === INTERNAL_ORIGIN ? url : null;
  } catch {
    return null;
  }
}

/** `/path?query` of a parsed target: the exact string forwarded to Colyseus. */
export function pathAndQuery(url: URL): string {
  return `${url.pathname}${url.search}`;
}

export type Target = { ok: true; url: URL } | { ok: false; response: HttpResponse };

/** The parsed target, or a 400 problem+json when the Host or the target is not well-formed; checked before any routing. */
export function checkTarget(raw: RawRequest, requestId: string): Target {
  if (hostOf(raw.headers) === null) {
    return { ok: false, response: problemResponse(ErrorCode.BAD_INPUT, "the Host header must be host[:port]", requestId) };
  }
  const url = parseTarget(raw.url);
  if (url === null) {
    return { ok: false, response: problemResponse(ErrorCode.BAD_INPUT, "the request target must be /path[?query]", requestId) };
  }
  return { ok: true, url };
}
