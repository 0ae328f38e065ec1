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

/**
 * The five verdicts there are, made once: a re-auth round judges every seated client, and
 * an object per client per round was garbage on an idle server (issue 13, scenario C).
 */
const VERDICTS = {
  ok: Object.freeze({ ok: true }),
  missing: Object.freeze({ ok: false, closeCode: CloseCode.SESSION_REVOKED, reason: "missing" }),
  banned: Object.freeze({ ok: false, closeCode: CloseCode.BANNED, reason: "banned" }),
  revoked: Object.freeze({ ok: false, closeCode: CloseCode.SESSION_REVOKED, reason: "revoked" }),
  expired: Object.freeze({ ok: false, closeCode: CloseCode.SESSION_EXPIRED, reason: "expired" }),
} as const satisfies Record<string, Verdict>;

/** Whether a stored session is still good at `now`. Pure: rooms and HTTP share it. */
export function sessionVerdict(session: VerdictFields | null | undefined, now: number, times: SessionTimes): Verdict {
  if (!session) return VERDICTS.missing;
  if (session.revokedAt) return session.revokedReason === "banned" ? VERDICTS.banned : VERDICTS.revoked;
  if (now >= session.expiresAt || now - session.lastSeenAt >= times.idleMs) return VERDICTS.expired;
  return VERDICTS.ok;
}
