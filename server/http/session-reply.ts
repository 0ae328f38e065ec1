import type { SessionReply } from "#schema/replies/auth.ts";
import type { Actor } from "../auth/types.ts";

/**
 * The one builder of the session reply (schema/replies/auth.ts) that sign-up, sign-in,
 * password change, `/api/me` and `/api/auth/session` answer with. `token` only for
 * callers that asked for a bearer token.
 */
export function sessionReply(actor: Actor, csrfToken: string, token?: string): SessionReply {
  const user = { id: actor.userId, username: actor.username, displayName: actor.displayName, role: actor.role };
  return { user, sessionId: actor.sessionId, csrfToken, ...(token !== undefined ? { token } : {}) };
}
