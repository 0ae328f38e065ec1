import assert from "node:assert/strict";
import type { FeedPage, ReactionsReply, WallPage } from "../../schema/replies/social.ts";
import { register, type TestAccount, uniqueName } from "../helpers/accounts.ts";
import { api } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

/**
 * Issue 12 items 9-11 over HTTP: each viewer's own reactions (`mine`), undo, the wall
 * policy's refusal in words, top-friend refusals that name each bad name, and feed items
 * that carry display names, replies and the viewer's reactions.
 */
describe("walls: own reactions, policy words, profile refusals, the feed (real server)", function () {
  this.timeout(60_000);
  let server: TestServer;
  let ann: TestAccount;
  let ben: TestAccount;
  let cat: TestAccount;
  const wallAs = async (owner: TestAccount, viewer?: TestAccount) => (await api(server, "GET", `/api/walls/${owner.username}/posts`, viewer)).body as unknown as WallPage;

  before(async () => {
    server = await startTestServer({ transport: "uws" });
    [ann, ben, cat] = await Promise.all([register(server, uniqueName("ann")), register(server, uniqueName("ben")), register(server, uniqueName("cat"))]);
  });
  after(async () => {
    await server.stop();
  });

  it("[SC15] each viewer's own reactions come back as `mine` on posts and replies; undo removes one; both directions are idempotent (issue 12 item 9)", async () => {
    const post = (await api(server, "POST", `/api/walls/${ann.username}/posts`, ben, { text: "react to me" })).body.id as string;
    const reply = (await api(server, "POST", `/api/walls/${ann.username}/posts`, cat, { text: "a reply", parentId: post })).body.id as string;
    const react = async (who: TestAccount, id: string, kind: string, on: boolean) => {
      const res = await api(server, on ? "PUT" : "DELETE", `/api/posts/${id}/reactions/${kind}`, who);
      assert.equal(res.status, 200, `${who.username} ${on ? "adds" : "removes"} ${kind}`);
      return res.body as unknown as ReactionsReply;
    };
    assert.deepEqual(await react(ben, post, "love", true), { reactions: { love: 1 }, mine: ["love"] });
    assert.deepEqual(await react(ben, post, "love", true), { reactions: { love: 1 }, mine: ["love"] }, "adding twice counts once");
    await react(ben, post, "like", true);
    await react(cat, post, "love", true);
    await react(ann, reply, "wow", true);

    const seen = async (viewer?: TestAccount) => {
      const p = (await wallAs(ann, viewer)).posts.find((x) => x.id === post);
      assert.ok(p);
      return { post: p.mine, reply: p.replies.find((r) => r.id === reply)?.mine, counts: p.reactions };
    };
    assert.deepEqual(await seen(ben), { post: ["like", "love"], reply: [], counts: { love: 2, like: 1 } });
    assert.deepEqual(await seen(cat), { post: ["love"], reply: [], counts: { love: 2, like: 1 } });
    assert.deepEqual(await seen(ann), { post: [], reply: ["wow"], counts: { love: 2, like: 1 } });
    assert.deepEqual(await seen(), { post: [], reply: [], counts: { love: 2, like: 1 } }, "signed out: nothing is anyone's");

    assert.deepEqual(await react(ben, post, "love", false), { reactions: { love: 1, like: 1 }, mine: ["like"] }, "undo");
    assert.deepEqual(await react(ben, post, "love", false), { reactions: { love: 1, like: 1 }, mine: ["like"] }, "undoing twice changes nothing");
    assert.deepEqual(await seen(ben), { post: ["like"], reply: [], counts: { love: 1, like: 1 } });
    assert.deepEqual(await seen(cat), { post: ["love"], reply: [], counts: { love: 1, like: 1 } }, "someone else's stays");
  });

  it("[SC16] a wall that shuts a caller out says who may post, in words and as a field, for posts, replies and reactions (issue 12 item 10)", async () => {
    const dee = await register(server, uniqueName("dee"));
    const own = (await api(server, "POST", `/api/walls/${dee.username}/posts`, dee, { text: "my wall" })).body.id as string;
    await api(server, "PATCH", "/api/me/profile", dee, { wallPolicy: "following" });
    // ben follows dee; dee does not follow ben: "following" is about whom the OWNER follows.
    await api(server, "POST", `/api/profiles/${dee.username}/follow`, ben);
    const rule = `Only people @${dee.username} follows can post here.`;
    for (const [method, path, body] of [
      ["POST", `/api/walls/${dee.username}/posts`, { text: "hi" }],
      ["POST", `/api/walls/${dee.username}/posts`, { text: "hi", parentId: own }],
      ["PUT", `/api/posts/${own}/reactions/like`, undefined],
    ] as const) {
      const refused = await api(server, method, path, ben, body);
      assert.equal(refused.status, 403, path);
      assert.equal(refused.body.code, "FORBIDDEN");
      assert.equal(refused.body.detail, `${rule} You follow @${dee.username}, but @${dee.username} does not follow you.`);
      assert.deepEqual(refused.body.errors, [{ path: "wallPolicy", value: "following", message: refused.body.detail }]);
    }
    assert.equal((await api(server, "POST", `/api/walls/${dee.username}/posts`, cat, { text: "hi" })).body.detail, `${rule} @${dee.username} does not follow you.`);
    await api(server, "PATCH", "/api/me/profile", dee, { wallPolicy: "nobody" });
    assert.equal((await api(server, "POST", `/api/walls/${dee.username}/posts`, ben, { text: "hi" })).body.detail, `Only @${dee.username} can post here.`);
    await api(server, "PATCH", "/api/me/profile", dee, { wallPolicy: "following" });
    await api(server, "POST", `/api/profiles/${ben.username}/follow`, dee);
    assert.equal((await api(server, "POST", `/api/walls/${dee.username}/posts`, ben, { text: "now I may" })).status, 201, "followed by the owner");
  });

  it("[SC17] a profile save with bad top-friend names names each one (field path and value) and applies nothing (issue 12 item 11)", async () => {
    const before = (await api(server, "GET", `/api/profiles/${cat.username}`)).body;
    const res = await api(server, "PATCH", "/api/me/profile", cat, { bio: "changed?", topFriends: ["nosuch-1x", ann.username, "nosuch-2x", cat.username] });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, "BAD_INPUT");
    assert.deepEqual(res.body.errors, [
      { path: "topFriends.0", value: "nosuch-1x", message: "no such person" },
      { path: "topFriends.2", value: "nosuch-2x", message: "no such person" },
      { path: "topFriends.3", value: cat.username, message: "you cannot be your own top friend" },
    ]);
    assert.match(String(res.body.detail), /"nosuch-1x" \(no such person\).*"nosuch-2x"/);
    assert.deepEqual((await api(server, "GET", `/api/profiles/${cat.username}`)).body, before, "nothing applied");
  });

  it("[SC18] feed items carry the wall owner's display name, their replies, and the viewer's own reactions (issue 12 item 11)", async () => {
    await api(server, "PATCH", "/api/me/profile", ann, { displayName: "Ann Example" });
    const post = (await api(server, "POST", `/api/walls/${ann.username}/posts`, cat, { text: "feed me" })).body.id as string;
    await api(server, "POST", `/api/walls/${ann.username}/posts`, ben, { text: "replying", parentId: post });
    await api(server, "PUT", `/api/posts/${post}/reactions/laugh`, ben);
    const itemAs = async (viewer?: TestAccount) => ((await api(server, "GET", "/api/feed", viewer)).body as unknown as FeedPage).items.find((i) => i.id === post);
    const forBen = await itemAs(ben);
    assert.ok(forBen);
    assert.deepEqual([forBen.wall, forBen.wallName, forBen.author], [ann.username, "Ann Example", cat.username]);
    assert.deepEqual(forBen.replies.map((r) => [r.text, r.author]), [["replying", ben.username]]);
    assert.deepEqual([forBen.mine, forBen.reactions], [["laugh"], { laugh: 1 }]);
    assert.deepEqual((await itemAs(cat))?.mine, []);
    assert.deepEqual((await itemAs())?.mine, []);
  });
});
