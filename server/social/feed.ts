import type { FeedItemView, FeedPage } from "#schema/replies/social.ts";
import type { Actor, UserDoc } from "../auth/types.ts";
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
  readonly #users: Collection<UserDoc>;

  constructor(store: DocStore) {
    this.#feed = store.collection<FeedItemDoc>("feed");
    this.#follows = store.collection<FollowDoc>("follows");
    this.#posts = store.collection<PostDoc>("posts");
    this.#users = store.collection<UserDoc>("users");
  }

  async page(view: "everyone" | "following", before: number | undefined, actor?: Actor): Promise<FeedPage> {
    const range = before ? { createdAt: { $lt: before } } : {};
    const items =
      view === "everyone" || !actor
        ? await this.#feed.find(range, { sort: { createdAt: -1 }, limit: FEED_PAGE })
        : await this.#followingItems(actor.userId, range);
    return { items: await this.#hydrate(items), next: items.length === FEED_PAGE ? (items.at(-1)?.createdAt ?? null) : null };
  }

  async #followingItems(userId: string, range: Record<string, unknown>): Promise<FeedItemDoc[]> {
    const follows = await this.#follows.find({ followerId: userId }, { sort: { createdAt: -1 }, limit: MAX_MERGED });
    const pages = await Promise.all(
      follows.map((f) => this.#feed.find({ authorId: f.followeeId, ...range }, { sort: { createdAt: -1 }, limit: FEED_PAGE })),
    );
    return pages
      .flat()
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, FEED_PAGE);
  }

  /** Items with what a reader needs: the post text and where it stands (whose wall, by whom). */
  async #hydrate(items: FeedItemDoc[]): Promise<FeedItemView[]> {
    const postIds = items.filter((i) => i.kind === "post").map((i) => i.refId);
    const posts = postIds.length ? await this.#posts.find({ _id: { $in: postIds } }) : [];
    const userIds = [...new Set(posts.flatMap((p) => [p.authorId, p.wallOwnerId]))];
    const users = userIds.length ? await this.#users.find({ _id: { $in: userIds } }) : [];
    const name = new Map(users.map((u) => [u._id, u.username]));
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
