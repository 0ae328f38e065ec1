import { ErrorCode } from "#schema/protocol.ts";
import type { SongRole } from "#schema/replies/song.ts";
import { DomainError } from "../core/errors.ts";
import { checkOwnership } from "../core/ownership.ts";
import type { Actor } from "../auth/types.ts";

/** Who may do what with one Song: the part of SongDoc the room keeps live. */
export interface SongAccess {
  ownerId: string;
  editorIds: readonly string[];
  watchable: boolean;
}

/** Co-authors a Song may have besides its owner. */
export const MAX_EDITORS = 20;

/** The user's role in the Song, or null when they may not even watch. */
export function roleOf(access: SongAccess, userId: string): SongRole | null {
  if (access.ownerId === userId) return "owner";
  if (access.editorIds.includes(userId)) return "editor";
  return access.watchable ? "viewer" : null;
}

export const canEdit = (role: SongRole | null): boolean => role === "owner" || role === "editor";

/** Reads need a role; a Song the caller may not see is NOT_FOUND (never reveals that it exists). */
export function requireRole(actor: Actor, access: SongAccess | null): SongRole {
  const role = access ? roleOf(access, actor.userId) : null;
  if (!role) throw new DomainError(ErrorCode.NOT_FOUND, "no such song");
  return role;
}

/** Owner-only changes (invite, remove, watch, publish) go through the one ownership check. */
export function requireOwner<T extends SongAccess>(actor: Actor, song: T | null): T {
  return checkOwnership(actor, song, "song");
}
