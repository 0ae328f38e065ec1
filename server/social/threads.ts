import { REACTIONS, type ReactionKind } from "#schema/messages/social.ts";
import type { Actor } from "../auth/types.ts";
import { Reactions, Replies } from "../store/collections.ts";
import type { DocStore } from "../store/types.ts";
import type { ReplyDoc } from "./types.ts";

/** The viewer's own reaction kinds on a post or reply, by its id (in REACTIONS order). */
export type MineOf = (id: string) => ReactionKind[];

/**
 * What a page of posts needs besides the posts, read once per page (walls and the feed
 * share it): the replies of every post, and the viewer's own reactions on all of them.
 */
export class Threads {
  constructor(private readonly store: DocStore) {}

  /** The replies of these posts, oldest first, in one indexed query. */
  async repliesOf(postIds: string[]): Promise<ReplyDoc[]> {
    return postIds.length ? Replies.in(this.store).find({ postId: { $in: postIds } }, { sort: { createdAt: 1 } }) : [];
  }

  /**
   * After these posts were deleted (so nothing new can attach to them: a reply or reaction
   * is written only with a `required` update of its target), deletes their replies and every
   * reaction on the posts and on those replies. Left behind, they would be rows nobody can
   * read or remove. The replies' ids are read first: a batch names its rows up front.
   */
  async sweepDeleted(postIds: readonly string[]): Promise<void> {
    if (postIds.length === 0) return;
    const ids = [...postIds];
    const replyIds = (await Replies.in(this.store).find({ postId: { $in: ids } }, { projection: { _id: 1 } })).map((r) => r._id);
    await this.store.batch([
      { op: "deleteMany", collection: Replies.name, filter: { postId: { $in: ids } } },
      { op: "deleteMany", collection: Reactions.name, filter: { targetId: { $in: [...ids, ...replyIds] } } },
    ]);
  }

  /** The viewer's own reactions on these posts and replies: one query on the (userId, targetId) index. */
  async mineOf(viewer: Actor | undefined, targetIds: string[]): Promise<MineOf> {
    if (!viewer || targetIds.length === 0) return () => [];
    const rows = await Reactions.in(this.store).find({ userId: viewer.userId, targetId: { $in: targetIds } });
    const byTarget = new Map<string, Set<ReactionKind>>();
    for (const r of rows) byTarget.set(r.targetId, (byTarget.get(r.targetId) ?? new Set()).add(r.kind));
    return (id) => REACTIONS.filter((k) => byTarget.get(id)?.has(k) === true);
  }
}
