import { EditPost, FEED_VIEWS, HidePost, NewPost, REACTIONS, type ReactionKind } from "#schema/messages/social.ts";
import { ErrorCode } from "#schema/protocol.ts";
import type { FeedPage, ReactionsReply, WallPage, WallPostView, WallReplyView } from "#schema/replies/social.ts";
import type { AuditLog } from "../../auth/audit.ts";
import { attachCards } from "../../codeground/family.ts";
import type { ScriptService } from "../../codeground/scripts.ts";
import { DomainError } from "../../core/errors.ts";
import type { FeedService } from "../../social/feed.ts";
import type { WallService } from "../../social/walls.ts";
import { json, noContent } from "../reply.ts";
import type { RequestContext, Route, RouteLimit } from "../types.ts";
import { parseBody } from "../validate.ts";
import { actorOf, enumQuery, pageCursor } from "./helpers.ts";

const WRITE: RouteLimit = { perIp: { points: 60, seconds: 60 }, perUser: { points: 20, seconds: 60 } };
const REACT: RouteLimit = { perIp: { points: 120, seconds: 60 }, perUser: { points: 60, seconds: 60 } };

function reactionOf(ctx: RequestContext): ReactionKind {
  const kind = ctx.params.kind ?? "";
  if (!(REACTIONS as readonly string[]).includes(kind)) {
    throw new DomainError(ErrorCode.BAD_INPUT, `reaction must be one of ${REACTIONS.join(", ")}`);
  }
  return kind as ReactionKind;
}

/** Walls (write over HTTP, watch live in the `wall` room) and the feed. */
export function wallRoutes(walls: WallService, feed: FeedService, audit: AuditLog, scripts: ScriptService): Route[] {
  const id = (ctx: RequestContext) => ctx.params.id ?? "";
  return [
    {
      method: "GET",
      path: "/api/walls/:username/posts",
      access: "public",
      handler: async (ctx) => {
        const page = await walls.page(ctx.params.username ?? "", pageCursor(ctx), ctx.actor);
        await attachCards(scripts, page.posts);
        return json<WallPage>(200, page);
      },
    },
    {
      method: "POST",
      path: "/api/walls/:username/posts",
      access: "user",
      limit: WRITE,
      handler: async (ctx) => json<WallPostView | WallReplyView>(201, await walls.post(actorOf(ctx), ctx.params.username ?? "", parseBody(NewPost, ctx.body))),
    },
    {
      method: "PATCH",
      path: "/api/posts/:id",
      access: "user",
      limit: WRITE,
      handler: async (ctx) => {
        await walls.edit(actorOf(ctx), id(ctx), parseBody(EditPost, ctx.body).text);
        return noContent();
      },
    },
    {
      method: "DELETE",
      path: "/api/posts/:id",
      access: "user",
      limit: WRITE,
      handler: async (ctx) => {
        await walls.delete(actorOf(ctx), id(ctx));
        return noContent();
      },
    },
    {
      method: "POST",
      path: "/api/posts/:id/hide",
      access: "moderator",
      limit: WRITE,
      handler: async (ctx) => {
        const actor = actorOf(ctx);
        const { reason } = parseBody(HidePost, ctx.body);
        const hidden = await walls.hide(actor, id(ctx));
        await audit.record({
          actorId: actor.userId,
          actorName: actor.username,
          action: "hide-post",
          targetId: hidden.authorId,
          targetName: hidden.author,
          reason,
          // The original text, for an appeal: the audit log outlives a later delete.
          details: { postId: id(ctx), wallOwnerId: hidden.wallOwnerId, text: hidden.text },
        });
        return noContent();
      },
    },
    {
      method: "PUT",
      path: "/api/posts/:id/reactions/:kind",
      access: "user",
      limit: REACT,
      handler: async (ctx) => json<ReactionsReply>(200, await walls.react(actorOf(ctx), id(ctx), reactionOf(ctx), true)),
    },
    {
      method: "DELETE",
      path: "/api/posts/:id/reactions/:kind",
      access: "user",
      limit: REACT,
      handler: async (ctx) => json<ReactionsReply>(200, await walls.react(actorOf(ctx), id(ctx), reactionOf(ctx), false)),
    },
    {
      method: "GET",
      path: "/api/feed",
      access: "public",
      handler: async (ctx) => {
        const view = enumQuery(ctx, "view", FEED_VIEWS, "everyone");
        if (view === "following" && !ctx.actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, "sign in to see who you follow");
        const page = await feed.page(view, pageCursor(ctx), ctx.actor);
        await attachCards(scripts, page.items);
        return json<FeedPage>(200, page);
      },
    },
  ];
}
