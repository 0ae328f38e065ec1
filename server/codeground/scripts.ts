import type { DraftBody } from "#schema/messages/codeground.ts";
import { DRAFT_HISTORY_KEEP } from "#schema/messages/codeground.ts";
import { ErrorCode } from "#schema/protocol.ts";
import type {
  DraftList,
  DraftView,
  HistoryList,
  SaveReply,
  ScriptPage,
  VersionView,
} from "#schema/replies/codeground.ts";
import type { WallPostView } from "#schema/replies/social.ts";
import type { Actor, UserDoc } from "../auth/types.ts";
import { newId } from "../auth/tokens.ts";
import { DomainError } from "../core/errors.ts";
import { checkOwnership } from "../core/ownership.ts";
import { nextVersion, versionIntact } from "../domain/codeground/content.ts";
import { oldestKept } from "../domain/codeground/history.ts";
import { forkLineage, originalLineage } from "../domain/codeground/lineage.ts";
import type { SocialNotifier } from "../social/notifier.ts";
import type { NotificationService } from "../social/notifications.ts";
import { Threads } from "../social/threads.ts";
import type { FeedItemDoc, PostDoc } from "../social/types.ts";
import type { BatchOp, Collection, DocStore } from "../store/types.ts";
import { isPublic, presentDraft, presentSummary, presentVersion } from "./present.ts";
import { newestFirst, nextCursor, pageAfter, type PageCursor } from "../store/cursor.ts";
import { Feed, Posts, ScriptPreviews, ScriptSaves, Scripts, ScriptVersions, Users } from "../store/collections.ts";
import type { AcceptedPreview } from "./previews.ts";
import type { PreviewDoc, SaveDoc, ScriptDoc, VersionDoc } from "./types.ts";

const SCRIPTS = Scripts.name;
const SCRIPT_SAVES = ScriptSaves.name;
const SCRIPT_VERSIONS = ScriptVersions.name;

export const DRAFT_PAGE = 50;

/**
 * Codeground scripts: private drafts saved as their owner types (the last saves kept),
 * immutable published versions announced on the owner's wall and the feed, forks with
 * lineage. The one repository module for the `scripts`, `script_saves` and
 * `script_versions` collections; tree and cards live beside it (family.ts, cards.ts).
 */
export class ScriptService {
  readonly scripts: Collection<ScriptDoc>;
  readonly saves: Collection<SaveDoc>;
  readonly versions: Collection<VersionDoc>;
  readonly previews: Collection<PreviewDoc>;
  readonly users: Collection<UserDoc>;
  /** Sweeps what hung from announcements once they are gone (replies, reactions). */
  readonly #threads: Threads;

  constructor(
    private readonly store: DocStore,
    private readonly notify: SocialNotifier,
    private readonly now: () => number,
    private readonly notifications?: NotificationService,
  ) {
    this.scripts = Scripts.in(store);
    this.saves = ScriptSaves.in(store);
    this.versions = ScriptVersions.in(store);
    this.previews = ScriptPreviews.in(store);
    this.users = Users.in(store);
    this.#threads = new Threads(store);
  }

  async create(actor: Actor, body: DraftBody): Promise<DraftView> {
    const id = newId();
    const at = this.now();
    const script = newDraft(id, actor.userId, { ...body, description: body.description ?? "" }, originalLineage(id), at);
    await this.store.batch([
      { op: "insertOne", collection: SCRIPTS, doc: script },
      { op: "insertOne", collection: SCRIPT_SAVES, doc: saveOf(script, at) },
    ]);
    return presentDraft(script, false);
  }

  /**
   * The caller's drafts, most recently saved first; `before` is the previous page's `next`,
   * an `(updatedAt, _id)` cursor: saves of two processes tie on updatedAt, and a time alone
   * would skip the rest of a tie at a page boundary.
   */
  async mine(actor: Actor, before: PageCursor | undefined): Promise<DraftList> {
    const rows = await this.scripts.find(
      { ownerId: actor.userId, ...pageAfter("updatedAt", before) },
      { sort: newestFirst("updatedAt"), limit: DRAFT_PAGE, projection: { source: 0 } },
    );
    const removed = await this.removedParents(rows);
    return {
      drafts: rows.map((s) => presentSummary(s, removed.has(s.lineage.parentScriptId ?? ""))),
      next: nextCursor(rows, DRAFT_PAGE, (s) => s.updatedAt),
    };
  }

  async page(id: string, viewer: Actor | undefined): Promise<ScriptPage> {
    const script = await this.scripts.findOne({ _id: id });
    const owns = !!script && !!viewer && script.ownerId === viewer.userId;
    if (!script || (!owns && !isPublic(script))) throw notFound("script");
    const removed = (await this.removedParents([script])).size > 0;
    const latest = script.latestVersionId && (owns || isPublic(script)) ? await this.#versionView(script.latestVersionId, script, removed) : null;
    return { draft: owns ? presentDraft(script, removed) : null, latest };
  }

  /**
   * A save: only the owner, only forward. The write is conditional on the save counter the
   * server read, so two saves racing cannot both claim the same number; the loser is told
   * to retry (the client saves again with its newer text).
   */
  async save(actor: Actor, id: string, body: DraftBody): Promise<SaveReply> {
    const script = checkOwnership(actor, await this.#owned(id), "script");
    const at = this.now();
    const next: ScriptDoc = { ...script, title: body.title, description: body.description ?? "", source: body.source, seq: script.seq + 1, updatedAt: at };
    const { matchedCount } = await this.scripts.updateOne(
      { _id: id, seq: script.seq },
      { $set: { title: next.title, description: next.description, source: next.source, seq: next.seq, updatedAt: at } },
    );
    if (matchedCount === 0) throw new DomainError(ErrorCode.CONFLICT, "another save landed first; save again");
    await this.store.batch([
      { op: "insertOne", collection: SCRIPT_SAVES, doc: saveOf(next, at) },
      { op: "deleteMany", collection: SCRIPT_SAVES, filter: { scriptId: id, seq: { $lt: oldestKept(next.seq, DRAFT_HISTORY_KEEP) } } },
    ]);
    return { seq: next.seq, savedAt: at };
  }

  async history(actor: Actor, id: string): Promise<HistoryList> {
    checkOwnership(actor, await this.#owned(id), "script");
    const rows = await this.saves.find({ scriptId: id }, { sort: { seq: -1 }, limit: DRAFT_HISTORY_KEEP });
    return { saves: rows.map((r) => ({ seq: r.seq, savedAt: r.savedAt, title: r.title, bytes: Buffer.byteLength(r.source) })) };
  }

  /** Brings back a kept save as a new save (so the restore itself can be undone). */
  async restore(actor: Actor, id: string, seq: number): Promise<DraftView> {
    checkOwnership(actor, await this.#owned(id), "script");
    const kept = await this.saves.findOne({ _id: `${id}:${seq}` });
    if (!kept) throw notFound("save (only the last saves are kept)");
    await this.save(actor, id, { title: kept.title, description: kept.description, source: kept.source });
    return (await this.page(id, actor)).draft as DraftView;
  }

  /**
   * Publishes the draft as the next immutable version and announces it on the owner's wall
   * and in the feed (a post whose `ref` is the version), all in one batch. A new version
   * takes the still preview the publisher's sandbox captured (checked by acceptPreview),
   * written in the same batch and never changed; re-announcing an unchanged version keeps
   * whatever preview it has.
   */
  async publish(actor: Actor, id: string, preview?: AcceptedPreview): Promise<VersionView> {
    const script = checkOwnership(actor, await this.#owned(id), "script");
    if (script.hidden) throw new DomainError(ErrorCode.FORBIDDEN, "a moderator hid this script; it cannot be published");
    const latest = script.latestVersionId && script.latestHash ? { number: script.latestVersion, hash: script.latestHash } : null;
    const content = nextVersion(script, latest);
    if (!content && script.published) throw new DomainError(ErrorCode.CONFLICT, `nothing changed since v${script.latestVersion}`);
    const at = this.now();
    const postId = newId();
    const ops: BatchOp[] = [];
    let version: VersionDoc;
    if (content) {
      version = { _id: newId(), scriptId: id, ownerId: actor.userId, ...content, createdAt: at, lineage: script.lineage, postId, preview: preview?.meta ?? null };
      ops.push({ op: "insertOne", collection: SCRIPT_VERSIONS, doc: version });
      if (preview) {
        const doc: PreviewDoc = { _id: version._id, scriptId: id, png: preview.png, etag: preview.meta.etag, createdAt: at };
        ops.push({ op: "insertOne", collection: ScriptPreviews.name, doc });
      }
    } else {
      // Unchanged since it was unpublished: the same version is announced again.
      version = (await this.versions.findOne({ _id: script.latestVersionId })) as VersionDoc;
    }
    const post = announcement(actor, version, postId, at);
    ops.push(
      {
        op: "updateOne",
        collection: SCRIPTS,
        filter: { _id: id },
        update: {
          $set: { published: true, latestVersion: version.number, latestVersionId: version._id, latestHash: version.hash },
          $push: { postIds: postId },
        },
      },
      { op: "insertOne", collection: Posts.name, doc: post },
      { op: "insertOne", collection: Feed.name, doc: feedItemOf(post) },
    );
    await this.store.batch(ops);
    this.notify.wall(actor.userId, { kind: "post", post: postView(post, actor.username) });
    const removed = (await this.removedParents([script])).size > 0;
    return presentVersion(version, script, actor, removed);
  }

  /**
   * Hides the script from everyone but its owner; its announcements leave walls and feed,
   * with their replies and the reactions on both, as a deleted wall post does (the posts
   * first, so nothing new attaches). Forks keep their credit.
   */
  async unpublish(actor: Actor, id: string): Promise<void> {
    const script = checkOwnership(actor, await this.#owned(id), "script");
    const postIds = this.#postIds(script);
    await this.store.batch([
      { op: "updateOne", collection: SCRIPTS, filter: { _id: id }, update: { $set: { published: false, postIds: [] } } },
      { op: "deleteMany", collection: Posts.name, filter: { _id: { $in: postIds } } },
      { op: "deleteMany", collection: Feed.name, filter: { _id: { $in: postIds } } },
    ]);
    await this.#threads.sweepDeleted(postIds);
    for (const postId of postIds) this.notify.wall(script.ownerId, { kind: "delete", id: postId });
  }

  /** Moderators hide; the script and its versions stay stored (for appeal), its posts are hidden like post hides. */
  async hide(actor: Actor, id: string): Promise<{ ownerId: string; owner: string; title: string; latestVersion: number }> {
    if (actor.role !== "moderator" && actor.role !== "admin") throw new DomainError(ErrorCode.FORBIDDEN, "moderators only");
    const script = await this.scripts.findOne({ _id: id });
    if (!script) throw notFound("script");
    const postIds = this.#postIds(script);
    await this.store.batch([
      { op: "updateOne", collection: SCRIPTS, filter: { _id: id }, update: { $set: { hidden: true } } },
      { op: "updateMany", collection: Posts.name, filter: { _id: { $in: postIds } }, update: { $set: { hidden: true } } },
      { op: "deleteMany", collection: Feed.name, filter: { _id: { $in: postIds } } },
    ]);
    for (const postId of postIds) this.notify.wall(script.ownerId, { kind: "hide", id: postId });
    // The owner's username: the audit entry names its target by it, as every entry does.
    const owner = (await this.users.findOne({ _id: script.ownerId }, { projection: { username: 1 } }))?.username ?? "";
    return { ownerId: script.ownerId, owner, title: script.title, latestVersion: script.latestVersion };
  }

  /** A published version, for running (cards) and reading; the owner also sees versions of an unpublished script. */
  async version(versionId: string, viewer: Actor | undefined): Promise<VersionView> {
    const v = await this.versions.findOne({ _id: versionId });
    const script = v ? await this.scripts.findOne({ _id: v.scriptId }) : null;
    const owns = !!script && !!viewer && script.ownerId === viewer.userId;
    if (!v || !script || (!owns && !isPublic(script))) throw notFound("version");
    return this.#versionView(versionId, script, (await this.removedParents([script])).size > 0);
  }

  /**
   * A version's preview PNG, for whoever may see the version: anyone while the script is
   * public, only its owner once it is unpublished, nobody else once a moderator hid it.
   * Everything else (no such version, not allowed, no preview) is the same 404.
   */
  async previewOf(versionId: string, viewer: Actor | undefined): Promise<{ png: Uint8Array; etag: string }> {
    const v = await this.versions.findOne({ _id: versionId }, { projection: { scriptId: 1, preview: 1 } });
    const script = v?.preview ? await this.scripts.findOne({ _id: v.scriptId }, { projection: { ownerId: 1, published: 1, hidden: 1 } }) : null;
    const owns = !!script && !!viewer && script.ownerId === viewer.userId;
    if (!v || !script || (!owns && !isPublic(script))) throw notFound("preview");
    const doc = await this.previews.findOne({ _id: versionId });
    if (!doc) throw notFound("preview");
    return { png: doc.png, etag: doc.etag };
  }

  /** Copies a public version into a new draft of the caller, lineage kept; the parent's fork count moves. */
  async fork(actor: Actor, versionId: string): Promise<DraftView> {
    const v = await this.versions.findOne({ _id: versionId });
    const parent = v ? await this.scripts.findOne({ _id: v.scriptId }) : null;
    if (!v || !parent || !isPublic(parent)) throw notFound("version");
    const author = await this.users.findOne({ _id: v.ownerId });
    const id = newId();
    const lineage = forkLineage({ scriptId: parent._id, versionId: v._id, number: v.number, title: v.title, author: author?.username ?? "", lineage: parent.lineage });
    const at = this.now();
    const script = newDraft(id, actor.userId, v, lineage, at);
    await this.store.batch([
      { op: "insertOne", collection: SCRIPTS, doc: script },
      { op: "insertOne", collection: SCRIPT_SAVES, doc: saveOf(script, at) },
      { op: "updateOne", collection: SCRIPTS, filter: { _id: parent._id }, update: { $inc: { forkCount: 1 } } },
    ]);
    await this.notifications?.record({ to: parent.ownerId, kind: "fork", actor, scriptId: parent._id, text: v.title });
    return presentDraft(script, false);
  }

  /** Parents (of these scripts) that are no longer public: their forks' credit says "original removed". */
  async removedParents(scripts: readonly Pick<ScriptDoc, "lineage">[]): Promise<Set<string>> {
    const ids = [...new Set(scripts.flatMap((s) => (s.lineage.parentScriptId ? [s.lineage.parentScriptId] : [])))];
    if (!ids.length) return new Set();
    const parents = await this.scripts.find({ _id: { $in: ids } }, { projection: { published: 1, hidden: 1 } });
    const shown = new Set(parents.filter(isPublic).map((p) => p._id));
    return new Set(ids.filter((i) => !shown.has(i)));
  }

  async #versionView(versionId: string, script: ScriptDoc, creditRemoved: boolean): Promise<VersionView> {
    const v = await this.versions.findOne({ _id: versionId });
    if (!v) throw notFound("version");
    if (!versionIntact(v)) throw new DomainError(ErrorCode.INTERNAL, "a stored version does not match its hash");
    const owner = await this.users.findOne({ _id: v.ownerId }, { projection: { username: 1, displayName: 1 } });
    return presentVersion(v, script, { username: owner?.username ?? "", displayName: owner?.displayName ?? "" }, creditRemoved);
  }

  async #owned(id: string): Promise<(ScriptDoc & { ownerIds?: never }) | null> {
    return this.scripts.findOne({ _id: id });
  }

  /** Every post that announced a version of the script (a republish announces again). */
  #postIds(script: ScriptDoc): string[] {
    return script.postIds ?? [];
  }

}

function notFound(what: string): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, `no such ${what}`);
}

function saveOf(s: ScriptDoc, at: number): SaveDoc {
  return { _id: `${s._id}:${s.seq}`, scriptId: s._id, seq: s.seq, title: s.title, description: s.description, source: s.source, savedAt: at };
}

/** The wall post that carries the script card (its `ref` names the version). */
function announcement(actor: Actor, v: VersionDoc, postId: string, at: number): PostDoc {
  return {
    _id: postId,
    wallOwnerId: actor.userId,
    authorId: actor.userId,
    authorName: actor.displayName,
    text: `${v.title} v${v.number}`,
    ref: { kind: "script", id: v._id },
    public: true,
    createdAt: at,
    editedAt: null,
    hidden: false,
    reactions: {},
    replyCount: 0,
  };
}

function feedItemOf(post: PostDoc): FeedItemDoc {
  return { _id: post._id, kind: "post", refId: post._id, authorId: post.authorId, createdAt: post.createdAt };
}

function postView(p: PostDoc, author: string): WallPostView {
  const { _id, ...rest } = p;
  return { ...rest, id: _id, author, replies: [], mine: [] };
}

/** A fresh, unpublished draft: what creating a script and forking one have in common. */
function newDraft(
  id: string,
  ownerId: string,
  content: { title: string; description: string; source: string },
  lineage: ScriptDoc["lineage"],
  at: number,
): ScriptDoc {
  return {
    _id: id,
    ownerId,
    title: content.title,
    description: content.description,
    source: content.source,
    seq: 1,
    createdAt: at,
    updatedAt: at,
    published: false,
    hidden: false,
    latestVersion: 0,
    latestVersionId: null,
    latestHash: null,
    forkCount: 0,
    postIds: [],
    lineage,
  };
}
