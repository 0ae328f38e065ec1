import type { FeedItemView, FeedPage } from "#schema/replies/social.ts";
import type { Actor } from "../auth/types.ts";
import { Feed, Follows, Posts } from "../store/collections.ts";
import { pageAfter, nextCursor, newestFirst, type PageCursor } from "../store/cursor.ts";
import type { UserRepository } from "../store/repositories/users.ts";
import type { Collection, DocStore } from "../store/types.ts";
import type { FeedItemDoc, FollowDoc, PostDoc } from "./types.ts";

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

  constructor(store: DocStore, users: UserRepository) {
    this.#feed = Feed.in(store);
    this.#follows = Follows.in(store);
    this.#posts = Posts.in(store);
    this.#users = users;
  }

  /** `before` is the previous page's `next`: an `(createdAt, _id)` cursor, so items sharing a time are never skipped. */
  async page(view: "everyone" | "following", before: PageCursor | undefined, actor?: Actor): Promise<FeedPage> {
    const range = pageAfter("createdAt", before);
    const items =
      view === "everyone" || !actor
        ? await this.#feed.find(range, { sort: newestFirst("createdAt"), limit: FEED_PAGE })
        : await this.#followingItems(actor.userId, range);
    return { items: await this.#hydrate(items), next: nextCursor(items, FEED_PAGE, (i) => i.createdAt) };
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

  /** Items with what a reader needs: the post text and where it stands (whose wall, by whom). */
  async #hydrate(items: FeedItemDoc[]): Promise<FeedItemView[]> {
    const postIds = items.filter((i) => i.kind === "post").map((i) => i.refId);
    const posts = postIds.length ? await this.#posts.find({ _id: { $in: postIds } }) : [];
    const userIds = [...new Set(posts.flatMap((p) => [p.authorId, p.wallOwnerId]))];
    const name = await this.#users.usernames(userIds);
    const byId = new Map(posts.map((p) => [p._id, p]));
    return items.flatMap((i) => {
      const p = byId.get(i.refId);
      if (!p || p.hidden) return [];
      return [
        {
          kind: i.kind,
          id: p._id,
          text: p.text,
          author: name.get(p.authorId) ?? "",
          authorName: p.authorName,
          wall: name.get(p.wallOwnerId) ?? "",
          createdAt: p.createdAt,
          reactions: p.reactions,
          replyCount: p.replyCount,
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
