import { DraftBody, HideScript, PUBLISH_BODY_BYTES, PublishBody } from "#schema/messages/codeground.ts";
import type { DraftList, DraftView, HistoryList, RemixTree, SaveReply, ScriptPage, VersionView } from "#schema/replies/codeground.ts";
import type { AuditLog } from "../../auth/audit.ts";
import { remixTree } from "../../codeground/family.ts";
import { acceptPreview } from "../../codeground/previews.ts";
import type { ScriptService } from "../../codeground/scripts.ts";
import { noneMatchHits } from "../content-coding.ts";
import { json, noContent } from "../reply.ts";
import type { HttpResponse, RequestContext, Route, RouteLimit } from "../types.ts";
import { parseBody } from "../validate.ts";
import { actorOf, intParam, pageCursor } from "./helpers.ts";

/** Saves come as people type (the editor debounces to at most one every ~1.5 s). */
export const SAVE_LIMIT: RouteLimit = { perIp: { points: 240, seconds: 60 }, perUser: { points: 120, seconds: 60 } };
/** New drafts and restores. */
export const DRAFT_LIMIT: RouteLimit = { perIp: { points: 60, seconds: 600 }, perUser: { points: 30, seconds: 600 } };
export const PUBLISH_LIMIT: RouteLimit = { perIp: { points: 30, seconds: 600 }, perUser: { points: 10, seconds: 600 } };
export const FORK_LIMIT: RouteLimit = { perIp: { points: 60, seconds: 600 }, perUser: { points: 20, seconds: 600 } };
const MODERATE: RouteLimit = { perIp: { points: 60, seconds: 60 }, perUser: { points: 20, seconds: 60 } };
/** A draft body holds up to 64 KiB of source; JSON escaping can double it. */
export const SCRIPT_BODY_BYTES = 256 * 1024;

/**
 * A preview is immutable (written once with its version), so it may be kept a year; only
 * by the viewer's own browser (`private`): whether it is served depends on who asks, and
 * no shared cache may keep a copy once the script is hidden or unpublished.
 */
const PREVIEW_CACHE = "private, max-age=31536000, immutable";

/** The preview PNG, inert: its own type, no sniffing, a policy that runs nothing, shown inline. */
function previewReply(ctx: RequestContext, preview: { png: Uint8Array; etag: string }): HttpResponse {
  const headers = {
    "cache-control": PREVIEW_CACHE,
    etag: preview.etag,
    "content-disposition": 'inline; filename="preview.png"',
  };
  if (noneMatchHits(ctx.headers.get("if-none-match"), preview.etag)) return { status: 304, headers };
  return { status: 200, headers: { ...headers, "content-type": "image/png" }, body: preview.png };
}

/** Codeground: drafts (owner only), history, publish, unpublish, versions, forks, remix trees, moderator hides. */
export function scriptRoutes(scripts: ScriptService, audit: AuditLog): Route[] {
  const id = (ctx: RequestContext) => ctx.params.id ?? "";
  return [
    {
      method: "GET",
      path: "/api/scripts/mine",
      access: "user",
      handler: async (ctx) => json<DraftList>(200, await scripts.mine(actorOf(ctx), pageCursor(ctx))),
    },
    {
      method: "POST",
      path: "/api/scripts",
      access: "user",
      limit: DRAFT_LIMIT,
      bodyLimit: SCRIPT_BODY_BYTES,
      handler: async (ctx) => json<DraftView>(201, await scripts.create(actorOf(ctx), parseBody(DraftBody, ctx.body))),
    },
    {
      method: "GET",
      path: "/api/scripts/:id",
      access: "public",
      handler: async (ctx) => json<ScriptPage>(200, await scripts.page(id(ctx), ctx.actor)),
    },
    {
      method: "PUT",
      path: "/api/scripts/:id/draft",
      access: "user",
      limit: SAVE_LIMIT,
      bodyLimit: SCRIPT_BODY_BYTES,
      handler: async (ctx) => json<SaveReply>(200, await scripts.save(actorOf(ctx), id(ctx), parseBody(DraftBody, ctx.body))),
    },
    {
      method: "GET",
      path: "/api/scripts/:id/history",
      access: "user",
      handler: async (ctx) => json<HistoryList>(200, await scripts.history(actorOf(ctx), id(ctx))),
    },
    {
      method: "POST",
      path: "/api/scripts/:id/history/:seq/restore",
      access: "user",
      limit: DRAFT_LIMIT,
      handler: async (ctx) => json<DraftView>(200, await scripts.restore(actorOf(ctx), id(ctx), intParam(ctx, "seq"))),
    },
    {
      method: "POST",
      path: "/api/scripts/:id/publish",
      access: "user",
      limit: PUBLISH_LIMIT,
      bodyLimit: PUBLISH_BODY_BYTES,
      handler: async (ctx) => {
        const body = parseBody(PublishBody, ctx.body ?? {});
        const preview = body.preview === undefined ? undefined : acceptPreview(body.preview);
        return json<VersionView>(201, await scripts.publish(actorOf(ctx), id(ctx), preview));
      },
    },
    {
      method: "POST",
      path: "/api/scripts/:id/unpublish",
      access: "user",
      limit: PUBLISH_LIMIT,
      handler: async (ctx) => {
        await scripts.unpublish(actorOf(ctx), id(ctx));
        return noContent();
      },
    },
    {
      method: "GET",
      path: "/api/scripts/:id/tree",
      access: "public",
      handler: async (ctx) => json<RemixTree>(200, await remixTree(scripts, id(ctx), ctx.actor, ctx.query.get("after"))),
    },
    {
      method: "POST",
      path: "/api/scripts/:id/hide",
      access: "moderator",
      limit: MODERATE,
      handler: async (ctx) => {
        const actor = actorOf(ctx);
        const { reason } = parseBody(HideScript, ctx.body);
        const hidden = await scripts.hide(actor, id(ctx));
        await audit.record({
          actorId: actor.userId,
          actorName: actor.username,
          action: "hide-script",
          targetId: hidden.ownerId,
          targetName: hidden.owner,
          reason,
          details: { scriptId: id(ctx), title: hidden.title, latestVersion: hidden.latestVersion },
        });
        return noContent();
      },
    },
    {
      method: "GET",
      path: "/api/script-versions/:id",
      access: "public",
      handler: async (ctx) => json<VersionView>(200, await scripts.version(id(ctx), ctx.actor)),
    },
    {
      method: "GET",
      path: "/api/script-versions/:id/preview.png",
      access: "public",
      policy: "inert",
      handler: async (ctx) => previewReply(ctx, await scripts.previewOf(id(ctx), ctx.actor)),
    },
    {
      method: "POST",
      path: "/api/script-versions/:id/fork",
      access: "user",
      limit: FORK_LIMIT,
      handler: async (ctx) => json<DraftView>(201, await scripts.fork(actorOf(ctx), id(ctx))),
    },
  ];
}
