import assert from "node:assert/strict";
import { DuplicateKeyError, MissingMatchError } from "../../../server/store/errors.ts";
import type { ContractContext } from "../harness.ts";

export function batchCases(ctx: ContractContext): void {
  const count = (name: string, filter = {}) => ctx.store.collection(name).countDocuments(filter);

  beforeEach(async () => {
    await ctx.store.collection("users").createIndex({ fields: { usernameKey: 1 }, unique: true });
    await ctx.store.collection("users").insertOne({ _id: "u1", usernameKey: "ada", posts: 0 });
    await ctx.store.collection("posts").insertOne({ _id: "old", authorId: "u1" });
  });

  it("applies every op of a batch", async () => {
    await ctx.store.batch([
      { op: "insertOne", collection: "posts", doc: { _id: "p1", authorId: "u1" } },
      { op: "updateOne", collection: "users", filter: { _id: "u1" }, update: { $inc: { posts: 1 } } },
      { op: "updateOne", collection: "audit", filter: { _id: "a1" }, update: { $set: { n: 1 } }, upsert: true },
      { op: "updateMany", collection: "posts", filter: { authorId: "u1" }, update: { $set: { seen: true } } },
      { op: "deleteOne", collection: "posts", filter: { _id: "old" } },
      { op: "deleteMany", collection: "posts", filter: { authorId: "nobody" } },
    ]);
    assert.deepEqual(await ctx.store.collection("posts").find({}), [{ _id: "p1", authorId: "u1", seen: true }]);
    assert.equal((await ctx.store.collection("users").findOne({ _id: "u1" }))?.posts, 1);
    assert.equal(await count("audit"), 1);
  });

  it("a `required` update that matches nothing fails the batch, changing nothing; one that matches is applied", async () => {
    const reply = (id: string, parent: string) => ctx.store.batch([
      { op: "insertOne", collection: "replies", doc: { _id: id, postId: parent } },
      { op: "updateOne", collection: "posts", filter: { _id: parent }, update: { $inc: { replies: 1 } }, required: true },
    ]);
    await reply("r1", "old");
    await assert.rejects(reply("r2", "deleted"), MissingMatchError);
    assert.deepEqual(await ctx.store.collection("replies").find({}), [{ _id: "r1", postId: "old" }]);
    assert.equal((await ctx.store.collection("posts").findOne({ _id: "old" }))?.replies, 1);
  });

  it("a failing op rolls back the ops before it", async () => {
    const failing = ctx.store.batch([
      { op: "insertOne", collection: "posts", doc: { _id: "p1", authorId: "u1" } },
      { op: "updateOne", collection: "users", filter: { _id: "u1" }, update: { $inc: { posts: 1 } } },
      { op: "deleteOne", collection: "posts", filter: { _id: "old" } },
      { op: "insertOne", collection: "users", doc: { _id: "u2", usernameKey: "ada" } },
    ]);
    await assert.rejects(failing, DuplicateKeyError);
    assert.deepEqual(await ctx.store.collection("posts").find({}, { sort: { _id: 1 } }), [
      { _id: "old", authorId: "u1" },
    ]);
    assert.equal((await ctx.store.collection("users").findOne({ _id: "u1" }))?.posts, 0);
    assert.equal(await count("users"), 1);
  });
}
