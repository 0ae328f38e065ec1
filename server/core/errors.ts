import type { ErrorCode } from "#schema/protocol.ts";

/** HTTP status for each error code: the one table both HTTP and rooms read. */
export const STATUS_OF: Record<ErrorCode, number> = {
  BAD_INPUT: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PROTOCOL_MISMATCH: 426,
  BANNED: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  STORE_UNAVAILABLE: 503,
  NOT_READY: 503,
  BUSY: 503,
};

const TITLE_OF: Record<ErrorCode, string> = {
  BAD_INPUT: "Bad input",
  MALFORMED_JSON: "Malformed JSON",
  UNAUTHENTICATED: "Not signed in",
  FORBIDDEN: "Forbidden",
  NOT_FOUND: "Not found",
  METHOD_NOT_ALLOWED: "Method not allowed",
  CONFLICT: "Conflict",
  PROTOCOL_MISMATCH: "Client too old",
  BANNED: "Banned",
  PAYLOAD_TOO_LARGE: "Payload too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
  RATE_LIMITED: "Too many requests",
  INTERNAL: "Internal error",
  STORE_UNAVAILABLE: "Store unavailable",
  NOT_READY: "Not ready",
  BUSY: "Busy",
};

/**
 * An expected refusal: a rule said no. Rooms turn it into an `error` message for the
 * one client; HTTP turns it into problem+json. Anything else is a bug and is logged.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { headers?: Record<string, string>; details?: unknown } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  get status(): number {
    return STATUS_OF[this.code];
  }
}

/** RFC 9457 problem details, plus our stable `code` and the request id. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  errors?: unknown;
}

export function problemOf(code: ErrorCode, detail: string, requestId: string, errors?: unknown): Problem {
  return {
    type: `https://neospace.dev/errors/${code.toLowerCase().replace(/_/g, "-")}`,
    title: TITLE_OF[code],
    status: STATUS_OF[code],
    detail,
    code,
    requestId,
    ...(errors === undefined ? {} : { errors }),
  };
}
