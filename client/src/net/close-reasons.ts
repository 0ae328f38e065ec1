import { CloseCode, RESTART_WORDS } from "#schema/protocol.ts";

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
  [CloseCode.SESSION_REVOKED]:
    "You were signed out (here, on another device, or by a password change). Sign in again to re-enter.",
  [CloseCode.SESSION_EXPIRED]: "Your session expired. Sign in again to re-enter.",
  [CloseCode.BANNED]: "This account is banned from NeoSpace.",
  [CloseCode.ROLE_CHANGED]: "Your role changed. Re-enter the space.",
  [CloseCode.FRAME_TOO_LARGE]: "This page sent a message too large for the server; it closed the connection. Reload the page.",
  [CloseCode.PROTOCOL_MISMATCH]: "This page is out of date for the server. Reload the page.",
  [CloseCode.RATE_LIMITED]: "Too many messages too fast; the server closed the connection. Wait a moment and re-enter.",
  // The client rejoins by itself after these (net/rejoin.ts), so the words promise it.
  [CloseCode.SERVER_SHUTDOWN]: RESTART_WORDS,
  [TransportCode.NORMAL]: "You left the space.",
  [TransportCode.CONSENTED]: "You left the space.",
  [TransportCode.GOING_AWAY]: "The server went away.",
  [TransportCode.NO_STATUS]: "The connection closed without a reason.",
  [TransportCode.ABNORMAL]: "The connection was lost.",
  [TransportCode.COLYSEUS_SHUTDOWN]: RESTART_WORDS,
  [TransportCode.WITH_ERROR]: "The server closed the connection after an error.",
  [TransportCode.FAILED_TO_RECONNECT]: "Could not reconnect to the space.",
  [TransportCode.MAY_TRY_RECONNECT]: "The connection dropped.",
};

/**
 * A sentence a person can act on, for the close code the room connection ended with. The
 * number itself is never part of the words (people read "the connection was lost", not
 * "code 1006"); the status keeps it for the page's `data-code` and the test hook.
 */
export function describeClose(code: number, reason?: string): string {
  const known = MESSAGES[code];
  if (known) return known;
  // The 4xxx range is ours and the server's own; its reason is a sentence meant for people.
  if (reason && code >= 4000 && code < 5000) return `The server closed the connection: ${reason}`;
  if (code >= 4000 && code < 5000) return "The server closed the connection.";
  return "The connection closed unexpectedly.";
}

/** The SDK's socket errors (its `code` is often missing): words, never "Connection error undefined". */
export function describeTransportError(message?: string): string {
  return message ? `The connection had a problem (${message}). Trying to carry on.` : "The connection had a problem. Trying to carry on.";
}

/**
 * Matchmaking refusals arrive as HTTP problems; the SDK keeps only the HTTP status (as
 * `code`) and the problem's `message`. The server pairs these statuses with the close
 * code the same refusal has on an open socket (its problem `closeCode`), so the page
 * names one code whichever way the refusal came.
 */
const JOIN_REFUSALS: Record<number, { closeCode: number; message: string }> = {
  401: { closeCode: CloseCode.SESSION_REVOKED, message: "You are not signed in. Sign in to enter." },
  426: { closeCode: CloseCode.PROTOCOL_MISMATCH, message: MESSAGES[CloseCode.PROTOCOL_MISMATCH] as string },
  429: { closeCode: CloseCode.RATE_LIMITED, message: "Too many attempts to enter. Wait a moment and try again." },
};

export interface JoinFailure {
  /** The equivalent close code when there is one, else the HTTP status, else null (no answer). */
  code: number | null;
  message: string;
}

/** Why joining failed, in words, from what joinOrCreate threw. */
export function describeJoinFailure(error: unknown): JoinFailure {
  const status = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  const detail = error instanceof Error ? error.message : "";
  if (typeof status !== "number" || status < 400) {
    return { code: null, message: "Could not reach the server. Check your connection and try again." };
  }
  const known = JOIN_REFUSALS[status];
  if (known) return { code: known.closeCode, message: known.message };
  if (status >= 500) return { code: status, message: "The server could not let you in right now. Try again in a moment." };
  return { code: status, message: `Could not enter the space${detail ? `: ${detail}` : "."}` };
}

/** What the page offers after the connection ended with `code`. */
export type NextStep = "sign-in" | "reload" | "re-enter";

const SIGN_IN_AGAIN = new Set<number>([CloseCode.SESSION_REVOKED, CloseCode.SESSION_EXPIRED, CloseCode.BANNED]);

export function nextStepAfter(code: number | null): NextStep {
  if (code !== null && SIGN_IN_AGAIN.has(code)) return "sign-in";
  if (code === CloseCode.PROTOCOL_MISMATCH) return "reload";
  return "re-enter";
}
