import { CloseCode } from "#schema/protocol.ts";
import type { SessionDoc } from "./types.ts";

export interface SessionTimes {
  /** A session unused this long is expired (ms). */
  idleMs: number;
}

export type Verdict =
  | { ok: true }
  | { ok: false; closeCode: CloseCode; reason: "revoked" | "banned" | "expired" | "missing" };

/** What a verdict reads of a session (re-auth rounds read no more of it). */
export type VerdictFields = Pick<SessionDoc, "revokedAt" | "revokedReason" | "expiresAt" | "lastSeenAt">;

/** Whether a stored session is still good at `now`. Pure: rooms and HTTP share it. */
export function sessionVerdict(session: VerdictFields | null | undefined, now: number, times: SessionTimes): Verdict {
  if (!session) return { ok: false, closeCode: CloseCode.SESSION_REVOKED, reason: "missing" };
  if (session.revokedAt) {
    const banned = session.revokedReason === "banned";
    return banned
      ? { ok: false, closeCode: CloseCode.BANNED, reason: "banned" }
      : { ok: false, closeCode: CloseCode.SESSION_REVOKED, reason: "revoked" };
  }
  if (now >= session.expiresAt || now - session.lastSeenAt >= times.idleMs) {
    return { ok: false, closeCode: CloseCode.SESSION_EXPIRED, reason: "expired" };
  }
  return { ok: true };
}
