import type { BigFive } from "#schema/rules/personality.ts";
import type { Doc } from "../store/types.ts";

export const ROLES = ["user", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export interface Ban {
  reason: string;
  /** Epoch ms, or null for a permanent ban. */
  until: number | null;
  by: string;
  /** The banner's role at the time: lifting the ban needs at least this rank. */
  byRole?: Role;
  at: number;
}

export interface UserDoc extends Doc {
  username: string;
  usernameKey: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  createdAt: number;
  ban?: Ban | null;
  /** Big Five sliders, each in [-1, 1]; the avatar's mood rests where they point. */
  personality?: BigFive | null;
  /** The first-visit guide was finished or skipped (absent on older accounts: not yet). */
  guideDone?: boolean;
}

export type RevokeReason = "logout" | "logout-all" | "password-change" | "banned" | "admin" | "expired";

export interface SessionDoc extends Doc {
  tokenHash: string;
  userId: string;
  /** The user's role when the session was last checked; role changes update it. */
  role: Role;
  /** Synchronizer CSRF token for cookie-authenticated mutations. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute expiry, epoch ms. */
  expiresAt: number;
  revokedAt?: number | null;
  revokedReason?: RevokeReason | null;
  userAgent: string;
  ip: string;
}

/** Who is acting: what HTTP handlers and rooms know about a signed-in caller. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  sessionId: string;
}
