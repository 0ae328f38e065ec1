import assert from "node:assert/strict";
import { DRAFT_HISTORY_KEEP } from "../../schema/messages/codeground.ts";
import type { Actor } from "../../server/auth/types.ts";
import { remixTree, scriptCards } from "../../server/codeground/family.ts";
import { ScriptService } from "../../server/codeground/scripts.ts";
import { createLogger } from "../../server/core/logger.ts";
import { canonicalContent, contentHash, nextVersion, versionIntact } from "../../server/domain/codeground/content.ts";
import { oldestKept, savesToDrop } from "../../server/domain/codeground/history.ts";
import { creditLine, forkLineage, originalLineage } from "../../server/domain/codeground/lineage.ts";
import { flatten, nest, showMember } from "../../server/domain/codeground/tree.ts";
import { SocialNotifier } from "../../server/social/notifier.ts";
import { createSocialServices } from "../../server/social/services.ts";
import { openSqliteStore } from "../../server/store/sqlite/store.ts";
import type { DocStore } from "../../server/store/types.ts";

const content = { title: "orbit", description: "", source: "frame(() => {})" };

describe("Codeground lineage, versions and history (pure)", () => {
  it("[CGD1] a fork of a fork keeps the root, counts depth and credits the version it copied", () => {
    const orbit = originalLineage("s1");
    const remix = forkLineage({ scriptId: "s1", versionId: "v3", number: 3, title: "orbit", author: "ana", lineage: orbit });
    const again = forkLineage({ scriptId: "s2", versionId: "v7", number: 1, title: "orbit remix", author: "ben", lineage: remix });
    assert.deepEqual([remix.rootScriptId, remix.depth, remix.parentVersionId], ["s1", 1, "v3"]);
    assert.deepEqual([again.rootScriptId, again.depth, again.parentScriptId], ["s1", 2, "s2"]);
    assert.equal(creditLine(remix.credit!, false), "forked from @ana/orbit v3");
    assert.equal(creditLine(again.credit!, false), "forked from @ben/orbit remix v1");
  });

  it("[CGD2] an unpublished parent keeps its forks' credit, marked original removed", () => {
    const remix = forkLineage({ scriptId: "s1", versionId: "v3", number: 3, title: "orbit", author: "ana", lineage: originalLineage("s1") });
    assert.equal(creditLine(remix.credit!, true), "forked from @ana/orbit v3 (original removed)");
  });

  it("[CGD3] versions: the hash covers canonical content; unchanged content makes no new version; a version is frozen", () => {
    assert.equal(contentHash(content), contentHash({ source: content.source, description: "", title: "orbit" }));
    assert.notEqual(contentHash(content), contentHash({ ...content, title: "orbit2" }));
    // Fields cannot bleed into each other: moving a character between title and description changes the hash.
    assert.notEqual(canonicalContent({ title: "ab", description: "c", source: "" }), canonicalContent({ title: "a", description: "bc", source: "" }));
    const v1 = nextVersion(content, null);
    assert.ok(v1);
    assert.equal(v1.number, 1);
    assert.equal(nextVersion(content, v1), null, "publishing the same content again is not a new version");
    const v2 = nextVersion({ ...content, source: "// changed" }, v1);
    assert.equal(v2?.number, 2);
    assert.throws(() => {
      (v1 as { source: string }).source = "tampered";
    }, TypeError);
    assert.ok(versionIntact(v1));
    assert.equal(versionIntact({ ...v1, source: "tampered" }), false);
  });

  it("[CGD4] history keeps the newest saves only", () => {
    assert.deepEqual(savesToDrop([1, 2, 3, 4, 5], 3), [2, 1]);
    assert.deepEqual(savesToDrop([1, 2], 3), []);
    assert.equal(oldestKept(25, 20), 6);
    assert.equal(oldestKept(3, 20), 1);
  });

  it("[CGD5] the tree nests forks under their parents and hides what is not public", () => {
    const m = (id: string, parentId: string | null, visible = true) => ({
      id, parentId, visible, fromVersion: 1, depth: 0, title: id, author: "a", latestVersion: 1, latestVersionId: `v-${id}`, forkCount: 0, createdAt: 0,
    });
    const rows = [m("r", null), m("a", "r", false), m("b", "a"), m("c", "r")];
    const flat = flatten(nest(rows.map(showMember)));
    assert.deepEqual(flat.map((f) => [f.item.id, f.level]), [["r", 0], ["a", 1], ["b", 2], ["c", 1]]);
    assert.deepEqual([flat[1]?.item.title, flat[1]?.item.author, flat[1]?.item.latestVersionId], [null, null, null]);
    // A page that starts mid-family still shows every member (orphans become roots).
    assert.equal(flatten(nest([m("b", "a"), m("d", "b")].map(showMember))).length, 2);
  });
});

describe("Codeground script service (in-memory store)", () => {
  let store: DocStore;
  let scripts: ScriptService;
  let clock = 1_000;
  const actor = (name: string, role: Actor["role"] = "user"): Actor => ({ userId: `id-${name}`, username: name, displayName: name, role, sessionId: "s" });
  const ana = actor("ana");
  const ben = actor("ben");
  const cat = actor("cat");

  beforeEach(async () => {
    store = openSqliteStore({ file: ":memory:", logger: createLogger({ level: "silent" }) });
    scripts = new ScriptService(store, new SocialNotifier(undefined), () => ++clock);
    for (const a of [ana, ben, cat]) {
      await store.collection("users").insertOne({ _id: a.userId, username: a.username, displayName: a.displayName });
    }
  });
  afterEach(() => store.close());

  it("[CGD6] draft history: each save is numbered, only the last N are kept, a restore is a new save", async () => {
    const d = await scripts.create(ana, { ...content, source: "s1" });
    for (let i = 2; i <= DRAFT_HISTORY_KEEP + 5; i++) await scripts.save(ana, d.id, { ...content, source: `s${i}` });
    const { saves } = await scripts.history(ana, d.id);
    assert.equal(saves.length, DRAFT_HISTORY_KEEP);
    assert.equal(saves[0]?.seq, DRAFT_HISTORY_KEEP + 5);
    assert.equal(saves.at(-1)?.seq, 6);
    const restored = await scripts.restore(ana, d.id, 10);
    assert.equal(restored.source, "s10");
    assert.equal(restored.seq, DRAFT_HISTORY_KEEP + 6);
    await assert.rejects(scripts.restore(ana, d.id, 2), /only the last saves/);
    await assert.rejects(scripts.history(ben, d.id), /no such script/);
  });

  it("[CGD7] a published version never changes: later saves and publishes make new versions", async () => {
    const d = await scripts.create(ana, content);
    const v1 = await scripts.publish(ana, d.id);
    await scripts.save(ana, d.id, { ...content, source: "changed" });
    await assert.rejects(scripts.publish(ana, d.id).then(() => scripts.publish(ana, d.id)), /nothing changed since v2/);
    const again = await scripts.version(v1.id, ben);
    assert.deepEqual([again.number, again.source, again.hash], [1, content.source, v1.hash]);
    assert.equal((await scripts.page(d.id, ben)).latest?.number, 2);
  });

  it("[CGD8] fork of a fork, fork counts, credit through later versions, unpublished parent", async () => {
    const orbit = await scripts.create(ana, content);
    const v1 = await scripts.publish(ana, orbit.id);
    const benFork = await scripts.fork(ben, v1.id);
    assert.equal(benFork.credit?.line, "forked from @ana/orbit v1");
    await scripts.save(ben, benFork.id, { ...content, title: "orbit remix", source: "b" });
    const b1 = await scripts.publish(ben, benFork.id);
    await scripts.save(ben, benFork.id, { ...content, title: "orbit remix", source: "b2" });
    const b2 = await scripts.publish(ben, benFork.id);
    assert.equal(b2.credit?.line, "forked from @ana/orbit v1", "the credit travels with every later version");
    const catFork = await scripts.fork(cat, b1.id);
    assert.deepEqual([catFork.depth, catFork.rootId, catFork.credit?.line], [2, orbit.id, "forked from @ben/orbit remix v1"]);
    assert.equal((await scripts.page(orbit.id, cat)).latest?.forkCount, 1);
    await scripts.unpublish(ana, orbit.id);
    await assert.rejects(scripts.page(orbit.id, cat), /no such script/);
    await assert.rejects(scripts.fork(cat, v1.id), /no such version/);
    const b = await scripts.version(b2.id, cat);
    assert.equal(b.credit?.line, "forked from @ana/orbit v1 (original removed)");
    const cards = await scriptCards(scripts, [v1.id, b2.id]);
    assert.equal(cards.get(v1.id)?.removed, true);
    assert.equal(cards.get(v1.id)?.title, "");
    assert.equal(cards.get(b2.id)?.credit?.removed, true);
    const tree = await remixTree(scripts, benFork.id, cat, null);
    assert.deepEqual(
      tree.nodes.map((n) => [n.id, n.parentId, n.visible, n.author]),
      [
        [orbit.id, null, false, null],
        [benFork.id, orbit.id, true, "ben"],
        [catFork.id, benFork.id, false, null],
      ],
    );
  });

  it("[CGD10] the remix tree names a script by its latest published version, never by its draft's later title", async () => {
    const orbit = await scripts.create(ana, content);
    await scripts.publish(ana, orbit.id);
    await scripts.save(ana, orbit.id, { ...content, title: "secret sequel", source: "not yet" });
    const fork = await scripts.fork(ben, (await scripts.page(orbit.id, ben)).latest?.id ?? "");
    await scripts.publish(ben, fork.id);
    await scripts.save(ben, fork.id, { ...content, title: "ben's private rename" });
    const tree = await remixTree(scripts, orbit.id, cat, null);
    assert.deepEqual(
      tree.nodes.map((n) => [n.id, n.title]),
      [
        [orbit.id, "orbit"],
        [fork.id, "orbit"],
      ],
    );
  });

  it("[CGD9] unpublishing takes the reactions on its announcements and on their replies along with them", async () => {
    for (const a of [ana, ben]) await store.collection("users").updateOne({ _id: a.userId }, { $set: { usernameKey: a.username } });
    const { walls } = createSocialServices(store, () => ++clock);
    const orbit = await scripts.create(ana, content);
    await scripts.publish(ana, orbit.id);
    const [card] = (await walls.page(ana.username, undefined, ben)).posts;
    assert.ok(card?.ref?.kind === "script");
    const reply = await walls.post(ben, ana.username, { text: "nice", parentId: card.id });
    await walls.react(ben, card.id, "love", true);
    await walls.react(ana, reply.id, "like", true);
    const rows = async (collection: string, filter: Record<string, unknown>) => (await store.collection(collection).find(filter)).length;
    assert.equal(await rows("reactions", { targetId: { $in: [card.id, reply.id] } }), 2);

    await scripts.unpublish(ana, orbit.id);
    assert.equal(await rows("posts", { _id: card.id }), 0);
    assert.equal(await rows("replies", { postId: card.id }), 0);
    assert.equal(await rows("reactions", { targetId: { $in: [card.id, reply.id] } }), 0, "no reaction row outlives what it points at");
  });
});
