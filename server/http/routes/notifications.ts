import type { FriendOnline, NotificationPage, SpaceCount } from "#schema/replies/notifications.ts";
import { MarkRead } from "#schema/messages/notifications.ts";
import type { NotificationService } from "../../social/notifications.ts";
import type { OnlineService } from "../../social/online.ts";
import { json } from "../reply.ts";
import type { Route, RouteLimit } from "../types.ts";
import { parseBody } from "../validate.ts";
import { actorOf, pageCursor } from "./helpers.ts";

/** Reads are cheap and polled by nobody (pushes arrive through the inbox room); a page load asks a few. */
const READS: RouteLimit = { perIp: { points: 120, seconds: 60 }, perUser: { points: 60, seconds: 60 } };
const MARKS: RouteLimit = { perIp: { points: 120, seconds: 60 }, perUser: { points: 60, seconds: 60 } };
/** Each call walks the room listing (and, for friends, up to 200 ledger reads). */
const ONLINE: RouteLimit = { perIp: { points: 60, seconds: 60 }, perUser: { points: 30, seconds: 60 } };

/** The caller's own notifications (no route reaches anyone else's), and who is online. */
export function notificationRoutes(notifications: NotificationService, online: OnlineService): Route[] {
  return [
    {
      method: "GET",
      path: "/api/me/notifications",
      access: "user",
      limit: READS,
      handler: async (ctx) => json<NotificationPage>(200, await notifications.page(actorOf(ctx), pageCursor(ctx)), { "cache-control": "no-store" }),
    },
    {
      method: "GET",
      path: "/api/me/notifications/unread",
      access: "user",
      limit: READS,
      handler: async (ctx) => json(200, { unread: await notifications.unread(actorOf(ctx)) }, { "cache-control": "no-store" }),
    },
    {
      method: "POST",
      path: "/api/me/notifications/read",
      access: "user",
      limit: MARKS,
      handler: async (ctx) => {
        const { id } = parseBody(MarkRead, ctx.body);
        return json(200, { unread: await notifications.markRead(actorOf(ctx), id) });
      },
    },
    {
      method: "GET",
      path: "/api/spaces/online",
      access: "public",
      limit: ONLINE,
      handler: async () => json<{ spaces: SpaceCount[] }>(200, { spaces: await online.counts() }, { "cache-control": "no-store" }),
    },
    {
      method: "GET",
      path: "/api/me/friends-online",
      access: "user",
      limit: ONLINE,
      handler: async (ctx) => json<{ friends: FriendOnline[] }>(200, { friends: await online.friends(actorOf(ctx).userId) }, { "cache-control": "no-store" }),
    },
  ];
}
