import { BanRequest, ReasonOnly, RevokeSessions, SetRole } from "#schema/messages/auth.ts";
import type { AdminService } from "../../auth/admin.ts";
import type { AuditLog } from "../../auth/audit.ts";
import { json, noContent } from "../reply.ts";
import type { Route, RouteLimit } from "../types.ts";
import { parseBody } from "../validate.ts";
import { actorOf, pageCursor } from "./helpers.ts";

const MODERATION: RouteLimit = { perIp: { points: 60, seconds: 60 }, perUser: { points: 60, seconds: 60 } };

/** Moderation and administration. Moderators ban; admins also manage sessions and roles and read the audit log. */
export function adminRoutes(admin: AdminService, audit: AuditLog): Route[] {
  const username = (params: Record<string, string>) => params.username ?? "";
  return [
    {
      method: "POST",
      path: "/api/admin/users/:username/ban",
      access: "moderator",
      limit: MODERATION,
      handler: async (ctx) => {
        const body = parseBody(BanRequest, ctx.body);
        await admin.ban(actorOf(ctx), username(ctx.params), body.reason, body.until ?? null);
        return noContent();
      },
    },
    {
      method: "POST",
      path: "/api/admin/users/:username/unban",
      access: "moderator",
      limit: MODERATION,
      handler: async (ctx) => {
        await admin.unban(actorOf(ctx), username(ctx.params), parseBody(ReasonOnly, ctx.body).reason);
        return noContent();
      },
    },
    {
      method: "GET",
      path: "/api/admin/users/:username/sessions",
      access: "admin",
      handler: async (ctx) => {
        const sessions = await admin.sessionsOf(username(ctx.params));
        return json(200, {
          sessions: sessions.map((s) => ({ id: s._id, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, ip: s.ip })),
        });
      },
    },
    {
      method: "POST",
      path: "/api/admin/users/:username/sessions/revoke",
      access: "admin",
      limit: MODERATION,
      handler: async (ctx) => {
        const body = parseBody(RevokeSessions, ctx.body);
        await admin.revokeSessions(actorOf(ctx), username(ctx.params), body.reason, body.sessionId);
        return noContent();
      },
    },
    {
      method: "PUT",
      path: "/api/admin/users/:username/role",
      access: "admin",
      limit: MODERATION,
      handler: async (ctx) => {
        const body = parseBody(SetRole, ctx.body);
        await admin.setRole(actorOf(ctx), username(ctx.params), body.role, body.reason);
        return noContent();
      },
    },
    {
      method: "GET",
      path: "/api/admin/audit",
      access: "admin",
      handler: async (ctx) => {
        return json(200, await audit.page(50, pageCursor(ctx)));
      },
    },
  ];
}
