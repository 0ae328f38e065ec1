import { ProfileUpdate } from "#schema/messages/social.ts";
import { AvatarLook } from "#schema/rules/avatar-look.ts";
import type { PeoplePage, ProfileView } from "#schema/replies/social.ts";
import type { ProfileService } from "../../social/profiles.ts";
import { json, noContent } from "../reply.ts";
import type { RequestContext, Route, RouteLimit } from "../types.ts";
import { parseBody } from "../validate.ts";
import { actorOf, pageCursor } from "./helpers.ts";

const SOCIAL: RouteLimit = { perIp: { points: 60, seconds: 60 }, perUser: { points: 30, seconds: 60 } };
/** Trying looks on is quick clicking, but every save is pushed to a whole space: 20 a minute. */
const LOOK: RouteLimit = { perIp: { points: 60, seconds: 60 }, perUser: { points: 20, seconds: 60 } };

/** Profiles and following. Profiles are read by anyone; only the owner edits, through /api/me. */
export function socialRoutes(profiles: ProfileService): Route[] {
  const username = (ctx: RequestContext) => ctx.params.username ?? "";
  return [
    {
      method: "GET",
      path: "/api/profiles/:username",
      access: "public",
      handler: async (ctx) => json<ProfileView>(200, await profiles.view(username(ctx), ctx.actor)),
    },
    {
      method: "PATCH",
      path: "/api/me/profile",
      access: "user",
      limit: SOCIAL,
      handler: async (ctx) => {
        const actor = actorOf(ctx);
        await profiles.update(actor, parseBody(ProfileUpdate, ctx.body));
        return json<ProfileView>(200, await profiles.view(actor.username, actor));
      },
    },
    {
      // The caller's own look only: the path names nobody, and a body naming anyone is refused (strict schema).
      method: "PUT",
      path: "/api/me/avatar",
      access: "user",
      limit: LOOK,
      handler: async (ctx) => json<AvatarLook>(200, await profiles.setLook(actorOf(ctx), parseBody(AvatarLook, ctx.body))),
    },
    {
      method: "POST",
      path: "/api/profiles/:username/follow",
      access: "user",
      limit: SOCIAL,
      handler: async (ctx) => {
        await profiles.follow(actorOf(ctx), username(ctx));
        return noContent();
      },
    },
    {
      method: "DELETE",
      path: "/api/profiles/:username/follow",
      access: "user",
      limit: SOCIAL,
      handler: async (ctx) => {
        await profiles.unfollow(actorOf(ctx), username(ctx));
        return noContent();
      },
    },
    {
      method: "GET",
      path: "/api/profiles/:username/followers",
      access: "public",
      handler: async (ctx) => json<PeoplePage>(200, await profiles.list(username(ctx), "followers", pageCursor(ctx))),
    },
    {
      method: "GET",
      path: "/api/profiles/:username/following",
      access: "public",
      handler: async (ctx) => json<PeoplePage>(200, await profiles.list(username(ctx), "following", pageCursor(ctx))),
    },
  ];
}
