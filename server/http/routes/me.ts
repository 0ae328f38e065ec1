import type { SessionService } from "../../auth/sessions.ts";
import type { SessionDoc } from "../../auth/types.ts";
import { CloseCode, ErrorCode } from "#schema/protocol.ts";
import type { SessionReply, SessionStatusReply } from "#schema/replies/auth.ts";
import type { Kicker } from "../../auth/kicker.ts";
import { DomainError } from "../../core/errors.ts";
import { checkOwnership } from "../../core/ownership.ts";
import { authenticate } from "../../auth/credentials.ts";
import { json, noContent } from "../reply.ts";
import { sessionReply } from "../session-reply.ts";
import type { Route } from "../types.ts";
import { actorOf } from "./helpers.ts";

/** The signed-in user's own account: who am I, my sessions. */
export function meRoutes(sessions: SessionService, kicker: Kicker): Route[] {
  return [
    {
      // Public: a page asks this at load; "not signed in" is an answer here, not an error.
      method: "GET",
      path: "/api/auth/session",
      access: "public",
      handler: async (ctx) => {
        const auth = await authenticate(ctx.headers, sessions);
        const body: SessionStatusReply = auth
          ? { signedIn: true, ...sessionReply(auth.actor, auth.session.csrfToken) }
          : { signedIn: false };
        return json<SessionStatusReply>(200, body, { "cache-control": "no-store" });
      },
    },
    {
      method: "GET",
      path: "/api/me",
      access: "user",
      handler: async (ctx) => {
        const actor = actorOf(ctx);
        const session = await sessions.byId(actor.sessionId);
        // The gateway just checked this session; it can only be gone if it ended in between.
        if (!session) throw new DomainError(ErrorCode.UNAUTHENTICATED, "the session has ended");
        return json<SessionReply>(200, sessionReply(actor, session.csrfToken), { "cache-control": "no-store" });
      },
    },
    {
      method: "GET",
      path: "/api/me/sessions",
      access: "user",
      handler: async (ctx) => {
        const actor = actorOf(ctx);
        const list = (await sessions.listActive(actor.userId)).map((s) => publicSession(s, actor.sessionId));
        return json(200, { sessions: list }, { "cache-control": "no-store" });
      },
    },
    {
      method: "DELETE",
      path: "/api/me/sessions/:id",
      access: "user",
      limit: { perIp: { points: 30, seconds: 60 }, perUser: { points: 30, seconds: 60 } },
      handler: async (ctx) => {
        const actor = actorOf(ctx);
        const found = await sessions.byId(ctx.params.id ?? "");
        const session = checkOwnership(actor, found && { ...found, ownerId: found.userId }, "session");
        await sessions.revoke(session._id, "logout");
        kicker.kick({ sessionIds: [session._id], closeCode: CloseCode.SESSION_REVOKED, reason: "session revoked" });
        return noContent();
      },
    },
  ];
}

function publicSession(s: SessionDoc, currentId: string) {
  return {
    id: s._id,
    current: s._id === currentId,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    expiresAt: s.expiresAt,
    userAgent: s.userAgent,
    ip: s.ip,
  };
}
