import { type GuideState, GuideUpdate } from "#schema/messages/guide.ts";
import type { UserRepository } from "../../store/repositories/users.ts";
import { json } from "../reply.ts";
import type { Route } from "../types.ts";
import { parseBody } from "../validate.ts";
import { actorOf } from "./helpers.ts";

/**
 * The first-visit guide's one fact per account: finished (or skipped) or not. Kept on the
 * user document so a reload or another device does not show it again.
 */
export function guideRoutes(users: UserRepository): Route[] {
  return [
    {
      method: "GET",
      path: "/api/me/guide",
      access: "user",
      handler: async (ctx) => json<GuideState>(200, { done: await users.guideDone(actorOf(ctx).userId) }, { "cache-control": "no-store" }),
    },
    {
      method: "PATCH",
      path: "/api/me/guide",
      access: "user",
      limit: { perIp: { points: 30, seconds: 60 }, perUser: { points: 10, seconds: 60 } },
      handler: async (ctx) => {
        const { done } = parseBody(GuideUpdate, ctx.body);
        await users.setGuideDone(actorOf(ctx).userId, done);
        return json<GuideState>(200, { done });
      },
    },
  ];
}
