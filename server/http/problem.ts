import { ErrorCode } from "#schema/protocol.ts";
import { DomainError, problemOf } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { DuplicateKeyError, StoreUnavailableError } from "../store/errors.ts";
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

/** Turns anything a handler threw into problem+json; only unexpected errors are logged as errors. */
export function errorToResponse(err: unknown, requestId: string, log: Logger): HttpResponse {
  if (err instanceof DomainError) {
    log.debug({ code: err.code, detail: err.message }, "request refused");
    return problemResponse(err.code, err.message, requestId, err.extra);
  }
  if (err instanceof DuplicateKeyError) {
    return problemResponse(ErrorCode.CONFLICT, "that already exists", requestId);
  }
  if (err instanceof StoreUnavailableError) {
    log.warn({ err }, "store unavailable");
    return problemResponse(ErrorCode.STORE_UNAVAILABLE, "the store is unavailable; try again shortly", requestId, {
      headers: { "retry-after": "5" },
    });
  }
  log.error({ err }, "unhandled error in request");
  return problemResponse(ErrorCode.INTERNAL, "something went wrong on our side", requestId);
}
