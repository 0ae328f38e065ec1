import assert from "node:assert/strict";
import { DuplicateKeyError } from "../../../server/store/errors.ts";
import type { ContractContext } from "../harness.ts";

export function indexCases(ctx: ContractContext): void {
  const users = () => ctx.store.collection("users");

  it("createIndex returns the Mongo-style name and listIndexes shows it next to _id_", async () => {
    assert.equal(await users().createIndex({ fields: { usernameKey: 1 }, unique: true }), "usernameKey_1");
    assert.equal(await users().createIndex({ fields: { a: 1, b: -1 } }), "a_1_b_-1");
    assert.equal(await users().createIndex({ name: "by_time", fields: { createdAt: -1 } }), "by_time");
    const list = (await users().listIndexes()).sort((x, y) => x.name.localeCompare(y.name));
    assert.deepEqual(list, [
      { name: "_id_", fields: { _id: 1 }, unique: true },
      { name: "a_1_b_-1", fields: { a: 1, b: -1 }, unique: false },
      { name: "by_time", fields: { createdAt: -1 }, unique: false },
      { name: "usernameKey_1", fields: { usernameKey: 1 }, unique: true },
    ]);
  });

  it("creating the same index twice is a no-op", async () => {
    await users().createIndex({ fields: { usernameKey: 1 }, unique: true });
    assert.equal(await users().createIndex({ fields: { usernameKey: 1 }, unique: true }), "usernameKey_1");
    assert.equal((await users().listIndexes()).length, 2);
  });

  it("a unique index violation throws DuplicateKeyError naming the index", async () => {
    await users().createIndex({ fields: { usernameKey: 1 }, unique: true });
    await users().insertOne({ _id: "u1", usernameKey: "ada" });
    const err = await users()
      .insertOne({ _id: "u2", usernameKey: "ada" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof DuplicateKeyError, String(err));
    assert.equal(err.index, "usernameKey_1");
    assert.equal(await users().countDocuments(), 1);
  });

  it("a unique compound index allows repeats of one field, not of the pair", async () => {
    await users().createIndex({ fields: { a: 1, b: 1 }, unique: true });
    await users().insertMany([
      { _id: "1", a: 1, b: 1 },
      { _id: "2", a: 1, b: 2 },
    ]);
    await assert.rejects(users().insertOne({ _id: "3", a: 1, b: 2 }), DuplicateKeyError);
  });

  it("a unique index over existing duplicates cannot be created", async () => {
    await users().insertMany([
      { _id: "1", email: "a@x" },
      { _id: "2", email: "a@x" },
    ]);
    await assert.rejects(users().createIndex({ fields: { email: 1 }, unique: true }), DuplicateKeyError);
    assert.deepEqual(
      (await users().listIndexes()).map((i) => i.name),
      ["_id_"],
    );
  });

  it("dropIndex removes the index and its constraint", async () => {
    await users().createIndex({ fields: { usernameKey: 1 }, unique: true });
    await users().dropIndex("usernameKey_1");
    assert.deepEqual(
      (await users().listIndexes()).map((i) => i.name),
      ["_id_"],
    );
    await users().insertMany([
      { _id: "1", usernameKey: "same" },
      { _id: "2", usernameKey: "same" },
    ]);
    await assert.rejects(users().dropIndex("usernameKey_1"));
    await assert.rejects(users().dropIndex("_id_"));
  });

  it("indexes go away with their collection", async () => {
    await users().createIndex({ fields: { usernameKey: 1 }, unique: true });
    await ctx.store.dropCollection("users");
    assert.deepEqual(await users().listIndexes(), []);
    await users().insertMany([
      { _id: "1", usernameKey: "same" },
      { _id: "2", usernameKey: "same" },
    ]);
  });
}
