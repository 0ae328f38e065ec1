import assert from "node:assert/strict";
import type { WallPostView, WallReplyView } from "../../schema/replies/social.ts";
import { WALL_LIVE_MAX, WallList } from "../../client/src/ui/wall-list.ts";

/**
 * The profile page's wall model (client/src/ui/wall-list.ts): it applies `wall:event`s
 * instead of fetching the wall again. [SC14] checks it against the real server's events.
 */
const post = (id: string, createdAt: number, extra: Partial<WallPostView> = {}): WallPostView => ({
  id,
  wallOwnerId: "owner",
  authorId: "ann",
  author: "ann",
  authorName: "Ann",
  text: `text ${id}`,
  ref: null,
  public: true,
  createdAt,
  editedAt: null,
  hidden: false,
  reactions: {},
  mine: [],
  replyCount: 0,
  replies: [],
  ...extra,
});
const reply = (id: string, postId: string, createdAt: number): WallReplyView => ({
  id,
  postId,
  wallOwnerId: "owner",
  authorId: "ben",
  author: "ben",
  authorName: "Ben",
  text: `reply ${id}`,
  createdAt,
  editedAt: null,
  hidden: false,
  reactions: {},
  mine: [],
});

describe("the profile page's live wall (WallList)", () => {
  it("[WE1] a new post goes on top once, in creation order, and the list stays bounded", () => {
    const list = new WallList([post("b", 20), post("a", 10)], false);
    assert.deepEqual(list.apply({ kind: "post", post: post("c", 30) }), [{ kind: "added", post: list.posts[0], index: 0 }]);
    assert.deepEqual(list.apply({ kind: "post", post: post("c", 30) }), [], "the writer sees its write twice (reply, then broadcast)");
    list.apply({ kind: "post", post: post("late", 15) });
    assert.deepEqual(list.posts.map((p) => p.id), ["c", "b", "late", "a"]);
    for (let i = 0; i < WALL_LIVE_MAX; i++) list.apply({ kind: "post", post: post(`n${i}`, 100 + i) });
    assert.equal(list.posts.length, WALL_LIVE_MAX);
    assert.equal(list.posts.at(-1)?.id, "n0", "the oldest fall off");
  });

  it("[WE2] replies join their post once and leave it on delete, with the count; deleting a post removes it", () => {
    const list = new WallList([post("p", 10), post("q", 5)], false);
    const r = reply("r", "p", 11);
    assert.equal(list.apply({ kind: "reply", postId: "p", reply: r }).length, 1);
    assert.deepEqual(list.apply({ kind: "reply", postId: "p", reply: r }), []);
    assert.deepEqual(list.apply({ kind: "reply", postId: "gone", reply: reply("x", "gone", 12) }), [], "a post not on this page");
    assert.deepEqual(list.posts[0]?.replies.map((x) => x.id), ["r"]);
    assert.equal(list.posts[0]?.replyCount, 1);
    assert.deepEqual(list.apply({ kind: "delete", id: "r" }), [{ kind: "changed", post: list.posts[0] }]);
    assert.deepEqual([list.posts[0]?.replies.length, list.posts[0]?.replyCount], [0, 0]);
    assert.deepEqual(list.apply({ kind: "delete", id: "q" }), [{ kind: "removed", id: "q" }]);
    assert.deepEqual(list.apply({ kind: "delete", id: "q" }), []);
    assert.deepEqual(list.posts.map((p) => p.id), ["p"]);
  });

  it("[WE3] edits, reactions and hides reach a post or a reply; hidden text is withheld unless the viewer moderates", () => {
    const first = () => [post("p", 10, { replies: [reply("r", "p", 11)], replyCount: 1 })];
    const list = new WallList(first(), false);
    list.apply({ kind: "edit", id: "p", text: "fixed", editedAt: 99 });
    list.apply({ kind: "edit", id: "r", text: "fixed reply", editedAt: 98 });
    list.apply({ kind: "react", id: "r", reactions: { love: 2 } });
    list.apply({ kind: "hide", id: "p" });
    const p = list.posts[0];
    assert.deepEqual([p?.text, p?.hidden, p?.editedAt], ["", true, 99]);
    assert.deepEqual([p?.replies[0]?.text, p?.replies[0]?.editedAt, p?.replies[0]?.reactions], ["fixed reply", 98, { love: 2 }]);
    const moderator = new WallList(first(), true);
    moderator.apply({ kind: "hide", id: "r" });
    assert.deepEqual([moderator.posts[0]?.replies[0]?.hidden, moderator.posts[0]?.replies[0]?.text], [true, "reply r"]);
    assert.deepEqual(list.apply({ kind: "edit", id: "unknown", text: "x", editedAt: 1 }), []);
  });

  // Issue 12 item 9: broadcasts carry counts for everyone; the viewer's own `mine` comes only from its own replies.
  it("[WE4] the viewer's own reactions come from its replies; broadcasts move counts without losing them", () => {
    const list = new WallList([post("p", 10, { reactions: { like: 1 }, mine: ["like"], replies: [reply("r", "p", 11)], replyCount: 1 })], false);
    list.apply({ kind: "react", id: "p", reactions: { like: 2, wow: 1 } });
    assert.deepEqual([list.posts[0]?.reactions, list.posts[0]?.mine], [{ like: 2, wow: 1 }, ["like"]], "someone else's reaction");
    const changes = list.reacted("r", { reactions: { sad: 1 }, mine: ["sad"] });
    assert.deepEqual(changes.map((c) => c.kind), ["changed"]);
    assert.deepEqual([list.posts[0]?.replies[0]?.reactions, list.posts[0]?.replies[0]?.mine], [{ sad: 1 }, ["sad"]]);
    list.reacted("p", { reactions: { like: 1, wow: 1 }, mine: [] });
    list.apply({ kind: "react", id: "p", reactions: { like: 1, wow: 1 } });
    assert.deepEqual([list.posts[0]?.reactions, list.posts[0]?.mine], [{ like: 1, wow: 1 }, []], "undone stays undone");
  });
});
