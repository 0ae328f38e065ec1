import type { SessionService } from "../../auth/sessions.ts";
import type { SessionDoc } from "../../auth/types.ts";
import { CloseCode } from "#schema/protocol.ts";
import type { Kicker } from "../../auth/kicker.ts";
import { checkOwnership } from "../../core/ownership.ts";
import { authenticate } from "../authn.ts";
import { json, noContent } from "../reply.ts";
import type { Route } from "../types.ts";
import { actorOf } from "./auth.ts";

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
        if (!auth) return json(200, { signedIn: false }, { "cache-control": "no-store" });
        const a = auth.actor;
        const user = { id: a.userId, username: a.username, displayName: a.displayName, role: a.role };
        return json(200, { signedIn: true, user, sessionId: a.sessionId, csrfToken: auth.session.csrfToken }, {
          "cache-control": "no-store",
        });
      },
    },
    {
      method: "GET",
      path: "/api/me",
      access: "user",
      handler: async (ctx) => {
        const actor = actorOf(ctx);
        const session = await sessions.byId(actor.sessionId);
        const user = { id: actor.userId, username: actor.username, displayName: actor.displayName, role: actor.role };
        return json(200, { user, sessionId: actor.sessionId, csrfToken: session?.csrfToken }, { "cache-control": "no-store" });
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
