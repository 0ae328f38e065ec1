import { EDIT_WINDOW_MS, type NewPost, REPLIES_PER_POST_MAX, type ReactionKind } from "#schema/messages/social.ts";
import { ErrorCode } from "#schema/protocol.ts";
import type { Reactions, ReactionsReply, WallPage, WallPostView, WallReplyView } from "#schema/replies/social.ts";
import type { Actor, UserDoc } from "../auth/types.ts";
import { Feed, Posts, Reactions as ReactionRows, Replies } from "../store/collections.ts";
import { pageAfter, nextCursor, newestFirst, type PageCursor } from "../store/cursor.ts";
import type { UserRepository } from "../store/repositories/users.ts";
import { DomainError } from "../core/errors.ts";
import { checkOwnership } from "../core/ownership.ts";
import { DuplicateKeyError, MissingMatchError } from "../store/errors.ts";
import type { Collection, DocStore } from "../store/types.ts";
import { newId } from "../auth/tokens.ts";
import type { NotificationService } from "./notifications.ts";
import type { SocialNotifier } from "./notifier.ts";
import { type MineOf, Threads } from "./threads.ts";
import type { ProfileService } from "./profiles.ts";
import type { FeedItemDoc, PostDoc, ReactionDoc, ReplyDoc } from "./types.ts";

export const WALL_PAGE = 20;

/** Walls: posts one reply deep, reactions, edits in a window, deletes, moderator hides. */
export class WallService {
  readonly #posts: Collection<PostDoc>;
  readonly #replies: Collection<ReplyDoc>;
  readonly #reactions: Collection<ReactionDoc>;
  readonly #feed: Collection<FeedItemDoc>;
  readonly #users: UserRepository;
  readonly #threads: Threads;

  constructor(
    private readonly store: DocStore,
    users: UserRepository,
    private readonly profiles: ProfileService,
    private readonly notify: SocialNotifier,
    private readonly now: () => number,
    private readonly notifications?: NotificationService,
  ) {
    this.#posts = Posts.in(store);
    this.#replies = Replies.in(store);
    this.#reactions = ReactionRows.in(store);
    this.#feed = Feed.in(store);
    this.#users = users;
    this.#threads = new Threads(store);
  }

  /**
   * Newest first; `before` is the previous page's `next`, an `(createdAt, _id)` cursor (never an offset).
   * Each post and reply carries `mine`: the signed-in viewer's own reactions, read in one
   * indexed query for the whole page (never one per post).
   */
  async page(ownerUsername: string, before: PageCursor | undefined, viewer?: Actor): Promise<WallPage> {
    const owner = await this.profiles.userNamed(ownerUsername);
    const posts = await this.#posts.find(
      { wallOwnerId: owner._id, ...pageAfter("createdAt", before) },
      { sort: newestFirst("createdAt"), limit: WALL_PAGE },
    );
    const replies = await this.#threads.repliesOf(posts.map((p) => p._id));
    const seeHidden = viewer?.role === "moderator" || viewer?.role === "admin";
    const author = await this.#usernames([...posts, ...replies].map((p) => p.authorId));
    const mine = await this.#threads.mineOf(viewer, [...posts, ...replies].map((p) => p._id));
    return {
      posts: posts.map((p) =>
        presentPost(
          p,
          replies.filter((r) => r.postId === p._id),
          seeHidden,
          author,
          mine,
        ),
      ),
      next: nextCursor(posts, WALL_PAGE, (p) => p.createdAt),
    };
  }

  /** Stored before it is acknowledged or broadcast: a restart loses nothing a client was told. */
  async post(actor: Actor, ownerUsername: string, input: NewPost): Promise<WallPostView | WallReplyView> {
    const owner = await this.profiles.userNamed(ownerUsername);
    await this.profiles.assertCanPost(actor.userId, owner);
    if (input.parentId) return this.#reply(actor, owner, input.parentId, input.text);
    const post: PostDoc = {
      _id: newId(),
      wallOwnerId: owner._id,
      authorId: actor.userId,
      authorName: actor.displayName,
      text: input.text,
      ref: input.ref ?? null,
      public: input.public ?? true,
      createdAt: this.#tick(),
      editedAt: null,
      hidden: false,
      reactions: {},
      replyCount: 0,
    };
    const feedItem: FeedItemDoc = { _id: post._id, kind: "post", refId: post._id, authorId: actor.userId, createdAt: post.createdAt };
    await this.store.batch([
      { op: "insertOne", collection: Posts.name, doc: post },
      ...(post.public ? [{ op: "insertOne" as const, collection: Feed.name, doc: feedItem }] : []),
    ]);
    const shown = presentPost(post, [], false, () => actor.username, () => []);
    this.notify.wall(owner._id, { kind: "post", post: shown });
    if (owner._id !== actor.userId) this.notify.feel(owner._id, { kind: "post-received" });
    await this.notifications?.record({ to: owner._id, kind: "wall-post", actor, wall: owner.username, postId: post._id, text: post.text });
    return shown;
  }

  async edit(actor: Actor, id: string, text: string) {
    const { doc, collection } = await this.#find(id);
    checkOwnership(actor, { ownerId: doc.authorId }, "post");
    if (this.now() - doc.createdAt > EDIT_WINDOW_MS) {
      throw new DomainError(ErrorCode.FORBIDDEN, "posts can be edited for 15 minutes after writing");
    }
    if (doc.hidden) throw hiddenRefusal("edited");
    const editedAt = this.now();
    // `hidden: false` in the filter: a hide that lands between the read and this write wins,
    // so the hidden original is never overwritten and the new text is never broadcast.
    const { matchedCount } = await collection.updateOne({ _id: id, hidden: false }, { $set: { text, editedAt } });
    if (matchedCount === 0) throw hiddenRefusal("edited");
    this.notify.wall(doc.wallOwnerId, { kind: "edit", id, text, editedAt });
  }

  /**
   * The author or the wall's owner may delete. Reactions live in their own collection
   * (one row per person and kind), so they go with what they point at: left behind, they
   * would be rows nobody can read or remove. A reply or reaction is written only while its
   * target exists (a `required` update in its batch), so a post goes first, with its feed
   * row: from then on nothing new can attach to it, and its replies and every reaction on
   * them are then all there is to sweep (a reply written while the ids were read is not
   * missed).
   */
  async delete(actor: Actor, id: string): Promise<void> {
    const { doc, isReply } = await this.#find(id);
    checkOwnership(actor, { ownerIds: [doc.authorId, doc.wallOwnerId] }, "post");
    if (isReply) {
      await this.store.batch([
        { op: "deleteOne", collection: Replies.name, filter: { _id: id } },
        { op: "deleteMany", collection: ReactionRows.name, filter: { targetId: id } },
        { op: "updateOne", collection: Posts.name, filter: { _id: doc.postId }, update: { $inc: { replyCount: -1 } } },
      ]);
    } else {
      await this.store.batch([
        { op: "deleteOne", collection: Posts.name, filter: { _id: id } },
        { op: "deleteOne", collection: Feed.name, filter: { _id: id } },
      ]);
      await this.#threads.sweepDeleted([id]);
    }
    this.notify.wall(doc.wallOwnerId, { kind: "delete", id });
  }

  /**
   * Moderators hide; they never edit. The text stays stored and is returned so the audit
   * entry keeps the original for an appeal (even if the author later deletes the post);
   * `author` is the author's username, which the audit entry names as its target.
   */
  async hide(actor: Actor, id: string): Promise<{ wallOwnerId: string; authorId: string; author: string; text: string }> {
    if (actor.role !== "moderator" && actor.role !== "admin") throw new DomainError(ErrorCode.FORBIDDEN, "moderators only");
    const { doc, collection, isReply } = await this.#find(id);
    await collection.updateOne({ _id: id }, { $set: { hidden: true } });
    if (!isReply) await this.#feed.deleteOne({ _id: id });
    this.notify.wall(doc.wallOwnerId, { kind: "hide", id });
    const author = (await this.#usernames([doc.authorId]))(doc.authorId);
    return { wallOwnerId: doc.wallOwnerId, authorId: doc.authorId, author, text: doc.text };
  }

  /**
   * Adds or removes the caller's own reaction; counts move once per person and kind, so
   * both directions are idempotent. Answers the counts and the caller's own kinds on it.
   */
  async react(actor: Actor, id: string, kind: ReactionKind, on: boolean): Promise<ReactionsReply> {
    const { doc, collection } = await this.#find(id);
    // A reaction is a write on the wall: the wall's policy decides, as for posts.
    const owner = (await this.#users.findByIds([doc.wallOwnerId]))[0];
    if (!owner) throw new DomainError(ErrorCode.NOT_FOUND, "no such post");
    await this.profiles.assertCanPost(actor.userId, owner);
    if (on && doc.hidden) throw hiddenRefusal("reacted to");
    const key = `${id}:${actor.userId}:${kind}`;
    let changed = false;
    const count = { [`reactions.${kind}`]: on ? 1 : -1 };
    if (on) {
      try {
        // With its count, and only while the post or reply still exists (deleted meanwhile: refused, no stray row).
        await this.store.batch([
          { op: "insertOne", collection: ReactionRows.name, doc: { _id: key, targetId: id, userId: actor.userId, kind, createdAt: this.now() } },
          { op: "updateOne", collection: collection.name, filter: { _id: id }, update: { $inc: count }, required: true },
        ]);
        changed = true;
      } catch (err) {
        if (err instanceof MissingMatchError) throw new DomainError(ErrorCode.NOT_FOUND, "no such post");
        if (!(err instanceof DuplicateKeyError)) throw err;
      }
    } else {
      changed = (await this.#reactions.deleteOne({ _id: key })).deletedCount > 0;
      if (changed) await collection.updateOne({ _id: id }, { $inc: count });
    }
    const reactions: Reactions = (await collection.findOne({ _id: id }))?.reactions ?? {};
    this.notify.wall(doc.wallOwnerId, { kind: "react", id, reactions });
    if (changed && on && doc.authorId !== actor.userId) {
      this.notify.feel(doc.authorId, { kind: "like-received" });
      await this.notifications?.record({ to: doc.authorId, kind: "reaction", actor, wall: owner.username, postId: doc.postId, text: doc.text });
    }
    return { reactions, mine: (await this.#threads.mineOf(actor, [id]))(id) };
  }

  async #reply(actor: Actor, owner: UserDoc, parentId: string, text: string): Promise<WallReplyView> {
    const ownerId = owner._id;
    const parent = await this.#posts.findOne({ _id: parentId, wallOwnerId: ownerId });
    if (!parent) throw new DomainError(ErrorCode.NOT_FOUND, "no such post on this wall");
    if (parent.hidden) throw hiddenRefusal("replied to");
    if ((parent.replyCount ?? 0) >= REPLIES_PER_POST_MAX) throw threadFull();
    const reply: ReplyDoc = {
      _id: newId(),
      postId: parentId,
      wallOwnerId: ownerId,
      authorId: actor.userId,
      authorName: actor.displayName,
      text,
      createdAt: this.#tick(),
      editedAt: null,
      hidden: false,
      reactions: {},
    };
    try {
      // Only while the parent exists (a reply to a post deleted meanwhile would be a row no
      // wall shows) and has room: the count is checked in the same write, so racing replies
      // cannot pass the cap together.
      await this.store.batch([
        { op: "insertOne", collection: Replies.name, doc: reply },
        {
          op: "updateOne",
          collection: Posts.name,
          filter: { _id: parentId, replyCount: { $lt: REPLIES_PER_POST_MAX } },
          update: { $inc: { replyCount: 1 } },
          required: true,
        },
      ]);
    } catch (err) {
      if (!(err instanceof MissingMatchError)) throw err;
      if (await this.#posts.findOne({ _id: parentId })) throw threadFull();
      throw new DomainError(ErrorCode.NOT_FOUND, "no such post on this wall");
    }
    const shown = presentReply(reply, false, actor.username, []);
    this.notify.wall(ownerId, { kind: "reply", postId: parentId, reply: shown });
    if (parent.authorId !== actor.userId) this.notify.feel(parent.authorId, { kind: "post-received" });
    await this.notifications?.record({ to: parent.authorId, kind: "reply", actor, wall: owner.username, postId: parentId, text });
    return shown;
  }

  /** Authors' usernames in one indexed query: walls show `@username` beside the display name. */
  async #usernames(userIds: string[]): Promise<(userId: string) => string> {
    const byId = await this.#users.usernames(userIds);
    return (userId) => byId.get(userId) ?? "";
  }

  async #find(id: string) {
    const post = await this.#posts.findOne({ _id: id });
    if (post) return { doc: { ...post, postId: post._id }, collection: this.#posts as Collection<PostDoc | ReplyDoc>, isReply: false };
    const reply = await this.#replies.findOne({ _id: id });
    if (reply) return { doc: reply, collection: this.#replies as Collection<PostDoc | ReplyDoc>, isReply: true };
    throw new DomainError(ErrorCode.NOT_FOUND, "no such post");
  }

  #last = 0;
  /** Strictly increasing creation times, so createdAt cursors never skip or repeat a post. */
  #tick(): number {
    this.#last = Math.max(this.now(), this.#last + 1);
    return this.#last;
  }
}

/** A hidden post is frozen as it was hidden: kept for appeal, never changed or drawn into new threads. */
function hiddenRefusal(what: string): DomainError {
  return new DomainError(ErrorCode.CONFLICT, `this post was hidden by a moderator and can no longer be ${what}`);
}

/**
 * What a viewer sees of a post or reply: hidden text is withheld from everyone but
 * moderators; `author` is the author's username, shown as `@username` beside `authorName`.
 * The stored fields pass through (the wire shape is the stored one plus `id` and `author`).
 */
export function presentReply(r: ReplyDoc, seeHidden: boolean, author: string, mine: ReactionKind[]): WallReplyView {
  const { text, hidden, ...rest } = r;
  return { ...rest, id: r._id, author, hidden, text: hidden && !seeHidden ? "" : text, mine };
}

/** A post with its replies; `author` maps a user id to its username, `mine` an id to the viewer's reactions. */
function presentPost(p: PostDoc, replies: ReplyDoc[], seeHidden: boolean, author: (userId: string) => string, mine: MineOf): WallPostView {
  const { text, hidden, ...rest } = p;
  const shownReplies = replies.map((r) => presentReply(r, seeHidden, author(r.authorId), mine(r._id)));
  return { ...rest, id: p._id, author: author(p.authorId), hidden, text: hidden && !seeHidden ? "" : text, replies: shownReplies, mine: mine(p._id) };
}

function threadFull(): DomainError {
  return new DomainError(ErrorCode.CONFLICT, `this post has ${REPLIES_PER_POST_MAX} replies, as many as one post takes`);
}
