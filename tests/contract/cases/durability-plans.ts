import assert from "node:assert/strict";
import type { ContractContext } from "../harness.ts";
import { makePosts } from "./sort-page.ts";

export function durabilityCases(ctx: ContractContext): void {
  it("documents and indexes survive close and reopen", async () => {
    await ctx.store.collection("users").createIndex({ fields: { usernameKey: 1 }, unique: true });
    await ctx.store.collection("users").insertOne({ _id: "u1", usernameKey: "ada" });
    ctx.store = await ctx.engine.reopen(ctx.store);
    const users = ctx.store.collection("users");
    assert.deepEqual(await users.findOne({ usernameKey: "ada" }), { _id: "u1", usernameKey: "ada" });
    assert.deepEqual(
      (await users.listIndexes()).map((i) => i.name).sort(),
      ["_id_", "usernameKey_1"],
    );
    await assert.rejects(users.insertOne({ _id: "u2", usernameKey: "ada" }), { name: "DuplicateKeyError" });
  });
}

/** Index use, read from the engine's own query plan (EXPLAIN QUERY PLAN / explain()). */
export function planCases(ctx: ContractContext): void {
  const plan = (filter: Record<string, unknown>, options = {}) =>
    ctx.engine.explain(ctx.store, "posts", filter, options);

  beforeEach(async () => {
    const posts = ctx.store.collection("posts");
    await posts.createIndex({ fields: { wallOwnerId: 1, createdAt: -1 } });
    await posts.createIndex({ fields: { createdAt: 1 } });
    await posts.createIndex({ fields: { slug: 1 }, unique: true });
    await posts.insertMany(makePosts().map((p) => ({ ...p, slug: `s-${p._id}` })));
  });

  it("a lookup by a unique key searches its index", async () => {
    const lines = await plan({ slug: "s-post-07" });
    assert.ok(ctx.engine.usesIndex(lines, "slug_1"), lines.join("\n"));
    assert.ok(!ctx.engine.fullScan(lines), lines.join("\n"));
  });

  it("a lookup by _id and by $in searches an index", async () => {
    const byId = await plan({ _id: "post-07" });
    assert.ok(ctx.engine.usesIndex(byId, "_id_"), byId.join("\n"));
    const byIn = await plan({ slug: { $in: ["s-post-01", "s-post-02"] } });
    assert.ok(ctx.engine.usesIndex(byIn, "slug_1"), byIn.join("\n"));
  });

  it("range + sort + limit pagination walks the index without sorting", async () => {
    const lines = await plan({ createdAt: { $lt: 1040 } }, { sort: { createdAt: -1 }, limit: 20 });
    assert.ok(ctx.engine.usesIndex(lines, "createdAt_1"), lines.join("\n"));
    assert.ok(!ctx.engine.sortsInMemory(lines), lines.join("\n"));
    assert.ok(!ctx.engine.fullScan(lines), lines.join("\n"));
  });

  it("a wall page uses the compound index for filter and order", async () => {
    const lines = await plan({ wallOwnerId: "w-odd", createdAt: { $lt: 1040 } }, { sort: { createdAt: -1 }, limit: 20 });
    assert.ok(ctx.engine.usesIndex(lines, "wallOwnerId_1_createdAt_-1"), lines.join("\n"));
    assert.ok(!ctx.engine.sortsInMemory(lines), lines.join("\n"));
  });

  it("a filter on an unindexed field scans (the control case)", async () => {
    const lines = await plan({ text: "post 7" });
    assert.ok(ctx.engine.fullScan(lines), lines.join("\n"));
  });
}
