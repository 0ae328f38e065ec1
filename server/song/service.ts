import { ErrorCode } from "#schema/protocol.ts";
import type { CreateSong, SongView } from "#schema/messages/song.ts";
import type { SongDetail, SongList, SongSummary, VersionList, VersionSummary, VersionView } from "#schema/replies/song.ts";
import type { SongVersion } from "#schema/song/model.ts";
import * as Y from "yjs";
import type { Actor, UserDoc } from "../auth/types.ts";
import { newId } from "../auth/tokens.ts";
import { DomainError } from "../core/errors.ts";
import { emptySong, validateSong } from "../domain/song/index.ts";
import { loadVersion, publishSong } from "../domain/song/digest.ts";
import type { ProfileService } from "../social/profiles.ts";
import type { WallService } from "../social/walls.ts";
import type { Collection } from "../store/types.ts";
import { MAX_EDITORS, requireOwner, requireRole, roleOf, type SongAccess } from "./access.ts";
import type { SongNotifier } from "./notifier.ts";
import { withProse } from "./prose.ts";
import type { SongRepository } from "./repository.ts";
import type { SongDoc, VersionDoc } from "./types.ts";

const LIST_LIMIT = 50;

/** Songs over HTTP: drafts, co-authors, watching, publishing, versions (docs/API.md, "Songs"). */
export class SongService {
  readonly #users: Collection<UserDoc>;
  /** Parsed versions by id: immutable, so caching them is safe (bounded). */
  readonly #versionCache = new Map<string, { doc: VersionDoc; version: SongVersion }>();

  constructor(
    private readonly repo: SongRepository,
    private readonly profiles: ProfileService,
    private readonly walls: Pick<WallService, "post">,
    private readonly notifier: SongNotifier,
    private readonly now: () => number,
  ) {
    this.#users = repo.store.collection<UserDoc>("users");
  }

  async create(actor: Actor, input: CreateSong): Promise<SongSummary> {
    const at = this.now();
    const doc: SongDoc = {
      _id: newId(),
      ownerId: actor.userId,
      title: input.title,
      editorIds: [],
      watchable: false,
      draft: emptySong(input.title),
      yState: Y.encodeStateAsUpdate(new Y.Doc()),
      seq: 0,
      latestVersion: null,
      latestVersionId: null,
      createdAt: at,
      updatedAt: at,
    };
    await this.repo.songs.insertOne(doc);
    return (await this.#summaries([doc]))[0] as SongSummary;
  }

  async list(actor: Actor, view: SongView): Promise<SongList> {
    if (view === "shared") return { songs: await this.#summaries(await this.repo.sharedWith(actor.userId, LIST_LIMIT)) };
    // Published: in the order they were published; a draft's own changes are its authors' business.
    const [filter, sort] =
      view === "mine" ? [{ ownerId: actor.userId }, { updatedAt: -1 as const }] : [{ publishedAt: { $gt: 0 } }, { publishedAt: -1 as const, _id: -1 as const }];
    const docs = await this.repo.songs.find(filter, { sort, limit: LIST_LIMIT, projection: { draft: 0, yState: 0 } });
    return { songs: view === "published" ? await this.#asPublished(actor, docs) : await this.#summaries(docs) };
  }

  /**
   * The published list names each Song as its latest version does. The draft behind it
   * (retitled since, its co-authors, when it last changed) is shown only to those with a
   * role on it: to anyone else it is a private draft, which no reply may reveal.
   */
  async #asPublished(actor: Actor, docs: SongDoc[]): Promise<SongSummary[]> {
    const ids = docs.flatMap((d) => (d.latestVersionId ? [d.latestVersionId] : []));
    const versions = ids.length ? await this.repo.versions.find({ _id: { $in: ids } }, { projection: { song: 0 } }) : [];
    const byId = new Map(versions.map((v) => [v._id, v]));
    const summaries = await this.#summaries(docs);
    return docs.flatMap((doc, i) => {
      const version = byId.get(doc.latestVersionId ?? "");
      const summary = summaries[i];
      if (!version || !summary) return [];
      if (roleOf(doc, actor.userId)) return [{ ...summary, title: version.title }];
      return [{ ...summary, title: version.title, editors: [], updatedAt: version.publishedAt }];
    });
  }

  async detail(actor: Actor, id: string): Promise<SongDetail> {
    const loaded = await this.repo.loadDraft(id);
    const role = requireRole(actor, loaded?.meta ?? null);
    const { meta, song, doc } = loaded!;
    const draft = withProse(song, doc);
    const [summary] = await this.#summaries([{ ...meta, title: song.title }]);
    return { ...(summary as SongSummary), role, draft, warnings: validateSong(song) };
  }

  async invite(actor: Actor, id: string, username: string): Promise<SongSummary> {
    const song = requireOwner(actor, await this.repo.meta(id));
    const user = await this.profiles.userNamed(username);
    if (user._id === song.ownerId) throw new DomainError(ErrorCode.BAD_INPUT, "the owner already writes this song");
    if (!song.editorIds.includes(user._id) && song.editorIds.length >= MAX_EDITORS) {
      throw new DomainError(ErrorCode.BAD_INPUT, `at most ${MAX_EDITORS} co-authors`);
    }
    await this.repo.setEditor(song._id, user._id, true, this.now());
    return this.#accessChanged(song._id);
  }

  async removeEditor(actor: Actor, id: string, username: string): Promise<SongSummary> {
    const song = requireOwner(actor, await this.repo.meta(id));
    const user = await this.profiles.userNamed(username);
    await this.repo.setEditor(song._id, user._id, false, this.now());
    return this.#accessChanged(song._id);
  }

  async setWatchable(actor: Actor, id: string, watchable: boolean): Promise<SongSummary> {
    const song = requireOwner(actor, await this.repo.meta(id));
    await this.repo.songs.updateOne({ _id: song._id }, { $set: { watchable, updatedAt: this.now() } });
    return this.#accessChanged(song._id);
  }

  /**
   * A new immutable version from the draft as stored (snapshot + every acknowledged
   * change), posted to the owner's wall and the feed with `ref {kind: "song", id}`.
   */
  async publish(actor: Actor, id: string): Promise<VersionSummary> {
    requireOwner(actor, await this.repo.meta(id));
    const loaded = (await this.repo.loadDraft(id))!;
    const version = publishSong(withProse(loaded.song, loaded.doc));
    const number = (loaded.meta.latestVersion ?? 0) + 1;
    const doc: VersionDoc = {
      _id: newId(),
      songId: id,
      ownerId: actor.userId,
      number,
      title: version.song.title,
      song: version.song,
      hash: version.hash,
      publishedAt: this.now(),
    };
    // The unique (songId, number) index makes two publishes racing for one number fail, not both win.
    await this.repo.versions.insertOne(doc);
    await this.repo.songs.updateOne({ _id: id }, { $set: { latestVersion: number, latestVersionId: doc._id, publishedAt: doc.publishedAt, updatedAt: doc.publishedAt } });
    await this.walls.post(actor, actor.username, {
      text: `published "${doc.title}" (version ${number})`,
      ref: { kind: "song", id: doc._id },
      public: true,
    });
    return summaryOf(doc);
  }

  /** Published versions are readable by anyone signed in; the list is newest first. */
  async versions(id: string): Promise<VersionList> {
    const docs = await this.repo.versions.find({ songId: id }, { sort: { number: -1 }, limit: LIST_LIMIT, projection: { song: 0 } });
    return { versions: docs.map(summaryOf) };
  }

  async version(versionId: string): Promise<{ view: VersionView; version: SongVersion }> {
    const hit = this.#versionCache.get(versionId);
    if (hit) return { view: { ...summaryOf(hit.doc), song: hit.version.song }, version: hit.version };
    const doc = await this.repo.versions.findOne({ _id: versionId });
    if (!doc) throw new DomainError(ErrorCode.NOT_FOUND, "no such version");
    const version = loadVersion({ song: doc.song, hash: doc.hash });
    if (this.#versionCache.size >= 200) this.#versionCache.delete(this.#versionCache.keys().next().value as string);
    this.#versionCache.set(versionId, { doc, version });
    return { view: { ...summaryOf(doc), song: version.song }, version };
  }

  /** Tells the live room (it re-checks every client's role) and answers the new summary. */
  async #accessChanged(songId: string): Promise<SongSummary> {
    const fresh = (await this.repo.meta(songId))!;
    const access: SongAccess = { ownerId: fresh.ownerId, editorIds: fresh.editorIds, watchable: fresh.watchable };
    this.notifier.access(songId, access);
    return (await this.#summaries([fresh]))[0] as SongSummary;
  }

  async #summaries(docs: SongDoc[]): Promise<SongSummary[]> {
    const ids = [...new Set(docs.flatMap((d) => [d.ownerId, ...d.editorIds]))];
    const users = ids.length ? await this.#users.find({ _id: { $in: ids } }, { projection: { username: 1 } }) : [];
    const name = new Map(users.map((u) => [u._id, u.username]));
    return docs.map((d) => ({
      id: d._id,
      title: d.title,
      owner: name.get(d.ownerId) ?? "",
      editors: d.editorIds.map((e) => name.get(e) ?? ""),
      watchable: d.watchable,
      latestVersion: d.latestVersion,
      latestVersionId: d.latestVersionId,
      updatedAt: d.updatedAt,
    }));
  }
}

function summaryOf(d: VersionDoc): VersionSummary {
  return { id: d._id, songId: d.songId, number: d.number, title: d.title, hash: d.hash, publishedAt: d.publishedAt };
}
