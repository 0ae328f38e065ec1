import type { ErrorCode } from "#schema/protocol.ts";
import { classify, problemOf } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { HttpResponse } from "./types.ts";

export function problemResponse(
  code: ErrorCode,
  detail: string,
  requestId: string,
  extra: { headers?: Record<string, string>; details?: unknown } = {},
): HttpResponse {
  const problem = problemOf(code, detail, requestId, extra.details);
  return {
    status: problem.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...extra.headers },
    body: JSON.stringify(problem),
  };
}

/**
 * Turns anything a handler threw into problem+json: the code comes from classify() (the
 * same mapper rooms use); HTTP-only headers (Retry-After) are added here, at the edge.
 */
export function errorToResponse(err: unknown, requestId: string, log: Logger): HttpResponse {
  const c = classify(err);
  if (c.level === "error") log.error({ err }, "unhandled error in request");
  else if (c.level === "warn") log.warn({ err, code: c.code }, "request failed");
  else log.debug({ code: c.code, detail: c.message }, "request refused");
  const headers: Record<string, string> = { ...c.extra?.headers };
  if (c.retryAfterSeconds !== undefined) headers["retry-after"] ??= String(c.retryAfterSeconds);
  return problemResponse(c.code, c.message, requestId, { ...c.extra, headers });
}
