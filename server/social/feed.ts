import type { FeedView } from "#schema/messages/social.ts";
import type { FeedItemView, FeedPage } from "#schema/replies/social.ts";
import type { Actor } from "../auth/types.ts";
import { Feed, Follows, Posts } from "../store/collections.ts";
import { pageAfter, nextCursor, newestFirst, type PageCursor } from "../store/cursor.ts";
import type { UserRepository } from "../store/repositories/users.ts";
import type { Collection, DocStore } from "../store/types.ts";
import { Threads } from "./threads.ts";
import type { FeedItemDoc, FollowDoc, PostDoc } from "./types.ts";
import { presentReply } from "./walls.ts";

export const FEED_PAGE = 20;
/** The "following" view merges this many followees' pages at most (newest follows first). */
const MAX_MERGED = 200;

/**
 * The feed: published things, newest first, with a createdAt cursor. "everyone" is one
 * index walk over feed items; "following" merges one index walk per followee
 * (authorId, createdAt), so every query stays indexed on both store engines.
 */
export class FeedService {
  readonly #feed: Collection<FeedItemDoc>;
  readonly #follows: Collection<FollowDoc>;
  readonly #posts: Collection<PostDoc>;
  readonly #users: UserRepository;
  readonly #threads: Threads;

  constructor(store: DocStore, users: UserRepository) {
    this.#threads = new Threads(store);
    this.#feed = Feed.in(store);
    this.#follows = Follows.in(store);
    this.#posts = Posts.in(store);
    this.#users = users;
  }

  /** `before` is the previous page's `next`: an `(createdAt, _id)` cursor, so items sharing a time are never skipped. */
  async page(view: FeedView, before: PageCursor | undefined, actor?: Actor): Promise<FeedPage> {
    const range = pageAfter("createdAt", before);
    const items =
      view === "everyone" || !actor
        ? await this.#feed.find(range, { sort: newestFirst("createdAt"), limit: FEED_PAGE })
        : await this.#followingItems(actor.userId, range);
    return { items: await this.#hydrate(items, actor), next: nextCursor(items, FEED_PAGE, (i) => i.createdAt) };
  }

  async #followingItems(userId: string, range: Record<string, unknown>): Promise<FeedItemDoc[]> {
    const follows = await this.#follows.find({ followerId: userId }, { sort: { createdAt: -1 }, limit: MAX_MERGED });
    const pages = await Promise.all(
      follows.map((f) => this.#feed.find({ authorId: f.followeeId, ...range }, { sort: newestFirst("createdAt"), limit: FEED_PAGE })),
    );
    return pages
      .flat()
      .sort(byNewest)
      .slice(0, FEED_PAGE);
  }

  /**
   * Items with what a reader needs: the post text, where it stands (whose wall, by whom,
   * display names and handles), its replies and the viewer's own reactions. A fixed number
   * of queries per page: posts, replies, reactions, users.
   */
  async #hydrate(items: FeedItemDoc[], viewer?: Actor): Promise<FeedItemView[]> {
    const postIds = items.filter((i) => i.kind === "post").map((i) => i.refId);
    const posts = postIds.length ? await this.#posts.find({ _id: { $in: postIds } }) : [];
    const shown = posts.filter((p) => !p.hidden);
    const replies = await this.#threads.repliesOf(shown.map((p) => p._id));
    const mine = await this.#threads.mineOf(viewer, [...shown, ...replies].map((p) => p._id));
    const seeHidden = viewer?.role === "moderator" || viewer?.role === "admin";
    const users = await this.#users.findByIds([...new Set([...shown, ...replies].flatMap((p) => [p.authorId, p.wallOwnerId]))]);
    const user = new Map(users.map((u) => [u._id, u]));
    const byId = new Map(shown.map((p) => [p._id, p]));
    return items.flatMap((i) => {
      const p = byId.get(i.refId);
      if (!p) return [];
      const owner = user.get(p.wallOwnerId);
      return [
        {
          kind: i.kind,
          id: p._id,
          text: p.text,
          author: user.get(p.authorId)?.username ?? "",
          authorName: p.authorName,
          wall: owner?.username ?? "",
          wallName: owner?.displayName ?? "",
          createdAt: p.createdAt,
          reactions: p.reactions,
          mine: mine(p._id),
          replyCount: p.replyCount,
          replies: replies
            .filter((r) => r.postId === p._id)
            .map((r) => presentReply(r, seeHidden, user.get(r.authorId)?.username ?? "", mine(r._id))),
          ref: p.ref,
        },
      ];
    });
  }
}

/** The cursor's order: createdAt descending, then _id descending. */
function byNewest(a: FeedItemDoc, b: FeedItemDoc): number {
  return b.createdAt - a.createdAt || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
}
