import { ErrorCode } from "#schema/protocol.ts";
import { MONITOR_PREFIX } from "./colyseus-bridge.ts";
import { problemResponse } from "./problem.ts";
import type { HttpResponse } from "./types.ts";

/** The monitor endpoints that look a room up by `roomId`. */
const ROOM_LOOKUPS = new Set([`${MONITOR_PREFIX}/api/room`, `${MONITOR_PREFIX}/api/room/call`]);

/**
 * The monitor answers its errors in its own shapes: a bare 500 `{message}` when a roomId
 * names no live room (its only failure there: `remoteRoomCall` found nothing), a
 * better-call 400 for a missing query field, its guard's 403. We answer problem+json like
 * every other door, with our words, not the library's.
 */
export function monitorProblem(response: HttpResponse, path: string, requestId: string): HttpResponse {
  if (response.status < 400) return response;
  if (ROOM_LOOKUPS.has(path) && response.status === 500) {
    return problemResponse(ErrorCode.NOT_FOUND, "no live room has that roomId", requestId);
  }
  return problemResponse(codeOf(response.status), `the monitor refused this request (${response.status})`, requestId);
}

function codeOf(status: number): ErrorCode {
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 405) return ErrorCode.METHOD_NOT_ALLOWED;
  if (status >= 500) return ErrorCode.INTERNAL;
  return ErrorCode.BAD_INPUT;
}
