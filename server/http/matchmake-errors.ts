import { CloseCode, ErrorCode } from "#schema/protocol.ts";
import { parseJoinRefusal } from "../rooms/join-refusal.ts";
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

const KNOWN = new Set<string>(Object.values(ErrorCode));

/**
 * Colyseus answers a failed join with `{code, error}`. We answer problem+json like every
 * other error, keeping `message` (what the SDK shows) and the numeric `closeCode`.
 */
export function matchmakeProblem(response: HttpResponse, requestId: string): HttpResponse {
  if (response.status < 400) return response;
  const text = typeof parse(response.body)?.error === "string" ? String(parse(response.body)?.error) : "";
  const tagged = parseJoinRefusal(text);
  const code = tagged && KNOWN.has(tagged.code) ? (tagged.code as ErrorCode) : fallbackCode(response.status);
  const detail = tagged?.message ?? (text || "matchmaking failed");
  const problem = problemResponse(code, detail, requestId);
  const closeCode = CLOSE_OF[code];
  const body = JSON.parse(String(problem.body)) as Record<string, unknown>;
  problem.body = JSON.stringify({ ...body, message: detail, ...(closeCode ? { closeCode } : {}) });
  return problem;
}

function fallbackCode(status: number): ErrorCode {
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status >= 500) return ErrorCode.INTERNAL;
  return ErrorCode.BAD_INPUT;
}

function parse(body: HttpResponse["body"]): { error?: unknown } | null {
  try {
    const text = typeof body === "string" ? body : Buffer.from(body ?? new Uint8Array()).toString("utf8");
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as { error?: unknown }) : null;
  } catch {
    return null;
  }
}
