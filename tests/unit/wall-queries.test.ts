/**
 * Issue 12 item 9: a page of a wall (or the feed) tells the viewer which reactions are
 * theirs with a fixed number of store queries, however many posts and replies it holds.
 */
import assert from "node:assert/strict";
import { REPLIES_PER_POST_MAX } from "../../schema/messages/social.ts";
import type { Actor } from "../../server/auth/types.ts";
import { createLogger } from "../../server/core/logger.ts";
import { createSocialServices } from "../../server/social/services.ts";
import { createMigrator } from "../../server/store/migrations/index.ts";
import { UserRepository } from "../../server/store/repositories/users.ts";
import { openSqliteStore, type SqliteStore } from "../../server/store/sqlite/store.ts";
import type { DocStore } from "../../server/store/types.ts";

const log = createLogger({ level: "silent" });

/** The store, with every read counted per collection. */
function counting(store: DocStore): { store: DocStore; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== "collection") return Reflect.get(target, prop, receiver);
      return (name: string) =>
        new Proxy(target.collection(name), {
          get(c, op, r) {
            const value = Reflect.get(c, op, r);
            if (typeof value !== "function") return value;
            return (...args: unknown[]) => {
              if (op === "find" || op === "findOne") reads.set(name, (reads.get(name) ?? 0) + 1);
              return value.apply(c, args);
            };
          },
        });
    },
  });
  return { store: wrapped, reads };
}

describe("walls: the viewer's own reactions per page", () => {
  let raw: SqliteStore;
  beforeEach(async () => {
    raw = openSqliteStore({ file: ":memory:", logger: log });
    await createMigrator(raw, log).up();
    await users().insert({ _id: "viewer", username: "viewer", usernameKey: "viewer", displayName: "viewer", passwordHash: "x", role: "user", createdAt: 1, ban: null });
  });
  afterEach(() => raw.close());

  const users = () => new UserRepository(raw);
  const viewer: Actor = { userId: "viewer", username: "viewer", displayName: "viewer", role: "user", sessionId: "s" };

  /** A wall of `posts` posts by the viewer, each with `repliesEach` replies; the viewer likes each post and wows each reply. */
  async function seed(owner: string, posts: number, repliesEach: number): Promise<Actor> {
    await users().insert({ _id: owner, username: owner, usernameKey: owner, displayName: owner, passwordHash: "x", role: "user", createdAt: 1, ban: null });
    const { walls } = createSocialServices(raw, () => 1_000);
    for (let i = 0; i < posts; i++) {
      const p = await walls.post(viewer, owner, { text: `post ${i}` });
      await walls.react(viewer, p.id, "like", true);
      for (let j = 0; j < repliesEach; j++) {
        const r = await walls.post(viewer, owner, { text: `reply ${j}`, parentId: p.id });
        await walls.react(viewer, r.id, "wow", true);
      }
    }
    return viewer;
  }

  it("[SC19] a wall page and a feed page read reactions and replies once each, whatever their size", async () => {
    for (const [owner, posts, replies] of [
      ["small", 2, 0],
      ["large", 15, 3],
    ] as const) {
      const viewer = await seed(owner, posts, replies);
      const { store, reads } = counting(raw);
      const { walls, feed } = createSocialServices(store, () => 1_000);
      const page = await walls.page(owner, undefined, viewer);
      assert.equal(page.posts.length, posts);
      assert.ok(page.posts.every((p) => p.mine.join() === "like" && p.replies.every((r) => r.mine.join() === "wow")));
      assert.deepEqual([reads.get("reactions"), reads.get("replies")], [1, 1], `${owner}: one read each for the wall page`);
      reads.clear();
      const items = (await feed.page("everyone", undefined, viewer)).items.filter((i) => i.wall === owner);
      assert.equal(items.length, posts);
      assert.ok(items.every((i) => i.mine.join() === "like" && i.replies.length === replies));
      assert.deepEqual([reads.get("reactions"), reads.get("replies"), reads.get("posts")], [1, 1, 1], `${owner}: the feed page too`);
    }
  });

  it("[SC21] deleting a post takes its reaction rows and its replies' along, a deleted reply its own; a hidden post keeps them for appeal", async () => {
    await seed("wall", 3, 2);
    const { walls } = createSocialServices(raw, () => 1_000);
    const [hidden, kept, gone] = (await walls.page("wall", undefined, viewer)).posts;
    assert.ok(hidden && kept && gone);
    const reactionsOn = async (ids: string[]) => (await raw.collection("reactions").find({ targetId: { $in: ids } })).length;
    const thread = (p: typeof gone) => [p.id, ...p.replies.map((r) => r.id)];
    assert.equal(await reactionsOn([...thread(hidden), ...thread(kept), ...thread(gone)]), 9, "one per post and reply");

    await walls.delete(viewer, kept.replies[0]?.id ?? "");
    assert.equal(await reactionsOn([kept.replies[0]?.id ?? ""]), 0, "a deleted reply's reactions go with it");
    assert.equal(await reactionsOn(thread(kept)), 2, "its post's and its sibling's stay");

    await walls.delete(viewer, gone.id);
    assert.equal(await reactionsOn(thread(gone)), 0, "a deleted post's reactions and its replies' go with it");

    const moderator: Actor = { ...viewer, userId: "mod", username: "mod", role: "moderator" };
    await walls.hide(moderator, hidden.id);
    assert.equal(await reactionsOn(thread(hidden)), 3, "a hidden post is kept for appeal, its reactions too");
  });

  it("[SC23] a reply or reaction racing a delete never outlives it: one written just before the delete is swept with it, one just after is refused NOT_FOUND", async () => {
    await seed("race", 3, 0);
    const direct = createSocialServices(raw, () => 1_000).walls;
    // The store the racing calls go through: before its next batch, `before` runs what raced it.
    let before: (() => Promise<unknown>) | null = null;
    const racing: DocStore = new Proxy(raw, {
      get(target, prop, receiver) {
        if (prop !== "batch") return Reflect.get(target, prop, receiver);
        return async (ops: Parameters<DocStore["batch"]>[0]) => {
          const run = before;
          before = null;
          await run?.();
          return target.batch(ops);
        };
      },
    });
    const { walls } = createSocialServices(racing, () => 1_000);
    const [first, second, third] = (await walls.page("race", undefined, viewer)).posts;
    assert.ok(first && second && third);
    const rows = async (collection: string, filter: Record<string, unknown>) => (await raw.collection(collection).find(filter)).length;

    before = () => direct.delete(viewer, first.id);
    await assert.rejects(walls.post(viewer, "race", { text: "too late", parentId: first.id }), { code: "NOT_FOUND" });
    assert.equal(await rows("replies", { postId: first.id }), 0, "no reply to a deleted post");

    before = () => direct.delete(viewer, second.id);
    await assert.rejects(walls.react(viewer, second.id, "wow", true), { code: "NOT_FOUND" });
    assert.equal(await rows("reactions", { targetId: second.id }), 0, "no reaction on a deleted post");

    // A reply, and a reaction on it, land just before the delete's first write.
    let lateReply = "";
    before = async () => {
      lateReply = (await direct.post(viewer, "race", { text: "just in time", parentId: third.id })).id;
      await direct.react(viewer, lateReply, "like", true);
    };
    await walls.delete(viewer, third.id);
    assert.ok(lateReply);
    assert.equal(await rows("replies", { postId: third.id }), 0);
    assert.equal(await rows("reactions", { targetId: { $in: [third.id, lateReply] } }), 0, "the late reply's reaction went with it");
  });

  it("[SC24] a post takes at most REPLIES_PER_POST_MAX replies: racing replies cannot pass the cap together; the one too many is CONFLICT, stored nowhere", async () => {
    await seed("busy", 1, 0);
    const { walls } = createSocialServices(raw, () => 1_000);
    const [post] = (await walls.page("busy", undefined, viewer)).posts;
    assert.ok(post);
    // Nearly full (the count is what the cap reads; every reply moves it by one).
    await raw.collection("posts").updateOne({ _id: post.id }, { $set: { replyCount: REPLIES_PER_POST_MAX - 1 } });
    const racing = await Promise.allSettled([1, 2, 3].map((i) => walls.post(viewer, "busy", { text: `reply ${i}`, parentId: post.id })));
    assert.equal(racing.filter((r) => r.status === "fulfilled").length, 1, "one fits");
    for (const r of racing.filter((x) => x.status === "rejected")) assert.equal((r.reason as { code?: string }).code, "CONFLICT");
    assert.equal((await raw.collection("posts").findOne({ _id: post.id }))?.replyCount, REPLIES_PER_POST_MAX);
    assert.equal((await raw.collection("replies").find({ postId: post.id })).length, 1, "only the one that fit is stored");
    await assert.rejects(walls.post(viewer, "busy", { text: "later", parentId: post.id }), { code: "CONFLICT", message: /100 replies/ });
  });
});
