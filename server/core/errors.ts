import { ErrorCode } from "#schema/protocol.ts";
import { DuplicateKeyError, StoreUnavailableError } from "../store/errors.ts";

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

/** How loudly an error is logged where it is classified. */
export type LogLevel = "debug" | "warn" | "error";

/** What one error means to a client, on every path (HTTP problem+json, room `error` message). */
export interface Classified {
  code: ErrorCode;
  status: number;
  message: string;
  level: LogLevel;
  /** Seconds a client should wait before retrying; the HTTP edge turns it into Retry-After. */
  retryAfterSeconds?: number;
  /** A DomainError's own extras (headers, details), passed through by the HTTP edge. */
  extra?: DomainError["extra"];
}

/** Seconds a client waits after STORE_UNAVAILABLE. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * The one error mapper: HTTP's problem mapper and the room message guard both call it, so
 * the same error gets the same code whichever door it came through. Expected refusals are
 * DomainErrors; a duplicate key is a CONFLICT; an unreachable store is worth a retry;
 * anything else (a NotStorableError included: a programming error) is INTERNAL and logged.
 */
export function classify(err: unknown): Classified {
  if (err instanceof DomainError) {
    return { code: err.code, status: err.status, message: err.message, level: "debug", extra: err.extra };
  }
  if (err instanceof DuplicateKeyError) return known(ErrorCode.CONFLICT, "that already exists", "debug");
  if (err instanceof StoreUnavailableError) {
    return { ...known(ErrorCode.STORE_UNAVAILABLE, "the store is unavailable; try again shortly", "warn"), retryAfterSeconds: STORE_RETRY_AFTER_SECONDS };
  }
  return known(ErrorCode.INTERNAL, "something went wrong on our side", "error");
}

function known(code: ErrorCode, message: string, level: LogLevel): Classified {
  return { code, status: STATUS_OF[code], message, level };
}

const TAGGED = /^\[([A-Z_]+)\] ([\s\S]*)$/;
const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * A refused join, thrown from a room's onAuth. Colyseus answers matchmaking with `code` as
 * the HTTP status and `message` as the `error` text; the text carries our code as
 * `[CODE] message` because Colyseus keeps no other field. parseJoinRefusal is the one
 * reader of that text (the gateway rebuilds a problem+json from it).
 */
export class JoinRefusal extends Error {
  /** The HTTP status, under the name Colyseus reads. */
  readonly code: number;

  constructor(
    readonly errorCode: ErrorCode,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`[${errorCode}] ${detail}`, options);
    this.name = new.target.name;
    this.code = STATUS_OF[errorCode];
  }
}

/** Reads a refusal back from the matchmaking reply's `error` text; null when it is not ours. */
export function parseJoinRefusal(text: string): { code: ErrorCode; message: string } | null {
  const m = TAGGED.exec(text);
  if (!m || !KNOWN_CODES.has(m[1] as string)) return null;
  return { code: m[1] as ErrorCode, message: m[2] as string };
}
