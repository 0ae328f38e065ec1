import { CloseCode } from "#schema/protocol.ts";

/** WebSocket and Colyseus close codes the SDK can report, besides our own CloseCode set. */
const TransportCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  NO_STATUS: 1005,
  ABNORMAL: 1006,
  CONSENTED: 4000,
  COLYSEUS_SHUTDOWN: 4001,
  WITH_ERROR: 4002,
  FAILED_TO_RECONNECT: 4003,
  MAY_TRY_RECONNECT: 4010,
} as const;

const MESSAGES: Record<number, string> = {
  [CloseCode.BAD_INPUT]: "The server closed the connection after invalid messages from this page.",
  [CloseCode.SESSION_REVOKED]: "Your session ended (signed out or expired). Sign in again to re-enter.",
  [CloseCode.SESSION_EXPIRED]: "Your session expired. Sign in again to re-enter.",
  [CloseCode.BANNED]: "This account is banned from NeoSpace.",
  [CloseCode.ROLE_CHANGED]: "Your role changed. Re-enter the space.",
  [CloseCode.PROTOCOL_MISMATCH]: "This page is out of date for the server. Reload the page.",
  [CloseCode.RATE_LIMITED]: "Too many messages too fast; the server closed the connection. Wait a moment and re-enter.",
  [CloseCode.SERVER_SHUTDOWN]: "The server is restarting. Re-enter in a moment.",
  [TransportCode.NORMAL]: "You left the space.",
  [TransportCode.CONSENTED]: "You left the space.",
  [TransportCode.GOING_AWAY]: "The server went away.",
  [TransportCode.NO_STATUS]: "The connection closed without a reason.",
  [TransportCode.ABNORMAL]: "The connection was lost.",
  [TransportCode.COLYSEUS_SHUTDOWN]: "The server is shutting down. Re-enter in a moment.",
  [TransportCode.WITH_ERROR]: "The server closed the connection after an error.",
  [TransportCode.FAILED_TO_RECONNECT]: "Could not reconnect to the space.",
  [TransportCode.MAY_TRY_RECONNECT]: "The connection dropped.",
};

/** A sentence a person can act on, for the close code the room connection ended with. */
export function describeClose(code: number, reason?: string): string {
  const known = MESSAGES[code];
  if (known) return `${known} (code ${code})`;
  const detail = reason ? `: ${reason}` : "";
  return `Disconnected (code ${code}${detail}).`;
}

/**
 * Matchmaking refusals arrive as HTTP problems; the SDK keeps only the HTTP status (as
 * `code`) and the detail (as `message`). These statuses stand for our close codes.
 */
const JOIN_REFUSALS: Record<number, number> = {
  401: CloseCode.SESSION_REVOKED,
  426: CloseCode.PROTOCOL_MISMATCH,
  429: CloseCode.RATE_LIMITED,
  503: CloseCode.SERVER_SHUTDOWN,
};

/** Why joining failed, in words, from what joinOrCreate threw. */
export function describeJoinFailure(error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  if (typeof code === "number") {
    const closeCode = JOIN_REFUSALS[code] ?? code;
    if (MESSAGES[closeCode]) return describeClose(closeCode);
  }
  if (error instanceof Error && error.message) {
    return `Could not enter the space: ${error.message}${typeof code === "number" ? ` (code ${code})` : ""}`;
  }
  return "Could not reach the server. Check your connection and try again.";
}
