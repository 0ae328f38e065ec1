import { ErrorCode as ColyseusCode } from "@colyseus/core";
import { CloseCode, ErrorCode } from "#schema/protocol.ts";
import { parseJoinRefusal } from "../core/errors.ts";
import { problemResponse } from "./problem.ts";
import type { HttpResponse } from "./types.ts";

/** The close code a client would see for the same refusal on an open socket. */
const CLOSE_OF: Partial<Record<ErrorCode, number>> = {
  BAD_INPUT: CloseCode.BAD_INPUT,
  UNAUTHENTICATED: CloseCode.SESSION_REVOKED,
  BANNED: CloseCode.BANNED,
  PROTOCOL_MISMATCH: CloseCode.PROTOCOL_MISMATCH,
  RATE_LIMITED: CloseCode.RATE_LIMITED,
};

/**
 * Colyseus's own matchmaking errors, by the numeric code it puts in the body (and uses as
 * the HTTP status: 520-526). Client mistakes are 4xx; we answer in our words, never with
 * Colyseus's message, which names internals (room names, ids, library wording).
 */
const COLYSEUS_REFUSALS: Record<number, [ErrorCode, string]> = {
  [ColyseusCode.MATCHMAKE_NO_HANDLER]: [ErrorCode.NOT_FOUND, "no such matchmaking method or room type"],
  [ColyseusCode.MATCHMAKE_INVALID_CRITERIA]: [ErrorCode.NOT_FOUND, "no room matches; join or create one"],
  [ColyseusCode.MATCHMAKE_INVALID_ROOM_ID]: [ErrorCode.NOT_FOUND, "no room has that id"],
  [ColyseusCode.MATCHMAKE_EXPIRED]: [ErrorCode.NOT_FOUND, "that seat or reconnection has expired"],
  [ColyseusCode.AUTH_FAILED]: [ErrorCode.UNAUTHENTICATED, "sign in to join"],
  [ColyseusCode.INVALID_PAYLOAD]: [ErrorCode.BAD_INPUT, "the matchmaking options are not valid"],
};

/**
 * Colyseus answers a failed join with `{code, error}`. We answer problem+json like every
 * other error, keeping `message` (what the SDK shows) and the numeric `closeCode`. Our
 * rooms' refusals carry their code in the text (`[CODE] message`, see JoinRefusal in core/errors.ts).
 */
export function matchmakeProblem(response: HttpResponse, requestId: string): HttpResponse {
  if (response.status < 400) return response;
  const body = parse(response.body);
  const tagged = parseJoinRefusal(typeof body?.error === "string" ? body.error : "");
  const [code, detail] = tagged
    ? [tagged.code, tagged.message]
    : (COLYSEUS_REFUSALS[Number(body?.code ?? response.status)] ?? fallback(response.status));
  // A draining process says when to try again (ColyseusBridge.drain); keep that.
  const retryAfter = response.headers["retry-after"];
  const problem = problemResponse(code, detail, requestId, retryAfter ? { headers: { "retry-after": retryAfter } } : {});
  const closeCode = CLOSE_OF[code];
  const problemBody = JSON.parse(String(problem.body)) as Record<string, unknown>;
  problem.body = JSON.stringify({ ...problemBody, message: detail, ...(closeCode ? { closeCode } : {}) });
  return problem;
}

function fallback(status: number): [ErrorCode, string] {
  if (status === 404) return [ErrorCode.NOT_FOUND, "no such matchmaking endpoint"];
  if (status === 400) return [ErrorCode.BAD_INPUT, "malformed matchmaking request"];
  if (status === 503) return [ErrorCode.NOT_READY, "the server is shutting down; try again shortly"];
  if (status >= 500) return [ErrorCode.INTERNAL, "matchmaking failed on our side"];
  return [ErrorCode.BAD_INPUT, "matchmaking refused this request"];
}

function parse(body: HttpResponse["body"]): { error?: unknown; code?: unknown } | null {
  try {
    const text = typeof body === "string" ? body : Buffer.from(body ?? new Uint8Array()).toString("utf8");
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as { error?: unknown; code?: unknown }) : null;
  } catch {
    return null;
  }
}
