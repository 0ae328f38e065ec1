import { ChooseBody, CreateSong, InviteEditor, SONG_VIEWS, SetWatchable, type SongView } from "#schema/messages/song.ts";
import type { ReadingView, SongDetail, SongList, SongSummary, VersionList, VersionSummary, VersionView } from "#schema/replies/song.ts";
import type { SongServices } from "../../song/services.ts";
import { json } from "../reply.ts";
import type { RequestContext, Route, RouteLimit } from "../types.ts";
import { parseBody } from "../validate.ts";
import { actorOf, enumQuery } from "./helpers.ts";

/** Creating and sharing: a few a minute. */
const WRITE: RouteLimit = { perIp: { points: 60, seconds: 60 }, perUser: { points: 20, seconds: 60 } };
/** Publishing stores a whole Song and posts to the wall. */
const PUBLISH: RouteLimit = { perIp: { points: 20, seconds: 60 }, perUser: { points: 6, seconds: 60 } };
/** Reading: one click per choice. */
const READ_STEP: RouteLimit = { perIp: { points: 240, seconds: 60 }, perUser: { points: 120, seconds: 60 } };

const viewOf = (ctx: RequestContext): SongView => enumQuery(ctx, "view", SONG_VIEWS, "mine");

/** Songs: drafts, co-authors, watching, publishing, versions, solo reading (docs/API.md, "Songs"). */
export function songRoutes({ songs, reading }: SongServices): Route[] {
  const id = (ctx: RequestContext) => ctx.params.id ?? "";
  const versionOf = async (ctx: RequestContext) => (await songs.version(id(ctx))).version;
  return [
    { method: "GET", path: "/api/songs", access: "user", handler: async (ctx) => json<SongList>(200, await songs.list(actorOf(ctx), viewOf(ctx))) },
    {
      method: "POST",
      path: "/api/songs",
      access: "user",
      limit: WRITE,
      handler: async (ctx) => json<SongSummary>(201, await songs.create(actorOf(ctx), parseBody(CreateSong, ctx.body))),
    },
    { method: "GET", path: "/api/songs/:id", access: "user", handler: async (ctx) => json<SongDetail>(200, await songs.detail(actorOf(ctx), id(ctx))) },
    {
      method: "POST",
      path: "/api/songs/:id/editors",
      access: "user",
      limit: WRITE,
      handler: async (ctx) => json<SongSummary>(200, await songs.invite(actorOf(ctx), id(ctx), parseBody(InviteEditor, ctx.body).username)),
    },
    {
      method: "DELETE",
      path: "/api/songs/:id/editors/:username",
      access: "user",
      limit: WRITE,
      handler: async (ctx) => json<SongSummary>(200, await songs.removeEditor(actorOf(ctx), id(ctx), ctx.params.username ?? "")),
    },
    {
      method: "PUT",
      path: "/api/songs/:id/watchable",
      access: "user",
      limit: WRITE,
      handler: async (ctx) => json<SongSummary>(200, await songs.setWatchable(actorOf(ctx), id(ctx), parseBody(SetWatchable, ctx.body).watchable)),
    },
    {
      method: "POST",
      path: "/api/songs/:id/versions",
      access: "user",
      limit: PUBLISH,
      handler: async (ctx) => json<VersionSummary>(201, await songs.publish(actorOf(ctx), id(ctx))),
    },
    { method: "GET", path: "/api/songs/:id/versions", access: "user", handler: async (ctx) => json<VersionList>(200, await songs.versions(id(ctx))) },
    { method: "GET", path: "/api/song-versions/:id", access: "user", handler: async (ctx) => json<VersionView>(200, (await songs.version(id(ctx))).view) },
    {
      method: "GET",
      path: "/api/song-versions/:id/reading",
      access: "user",
      handler: async (ctx) => json<ReadingView>(200, await reading.current(actorOf(ctx), id(ctx), await versionOf(ctx))),
    },
    {
      method: "POST",
      path: "/api/song-versions/:id/reading/choose",
      access: "user",
      limit: READ_STEP,
      handler: async (ctx) =>
        json<ReadingView>(200, await reading.choose(actorOf(ctx), id(ctx), await versionOf(ctx), parseBody(ChooseBody, ctx.body).choice)),
    },
    {
      method: "POST",
      path: "/api/song-versions/:id/reading/restart",
      access: "user",
      limit: READ_STEP,
      handler: async (ctx) => json<ReadingView>(200, await reading.restart(actorOf(ctx), id(ctx), await versionOf(ctx))),
    },
  ];
}
