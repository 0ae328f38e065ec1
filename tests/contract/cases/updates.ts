import assert from "node:assert/strict";
import { DuplicateKeyError } from "../../../server/store/errors.ts";
import type { Doc, Update } from "../../../server/store/types.ts";
import type { ContractContext } from "../harness.ts";

type Item = Doc & Record<string, unknown>;

export function updateCases(ctx: ContractContext): void {
  const items = () => ctx.store.collection<Item>("items");
  const get = async (id: string) => items().findOne({ _id: id });

  beforeEach(async () => {
    await items().insertMany([
      { _id: "a", n: 1, tags: ["x", "y"], nested: { k: "v" }, group: "g1" },
      { _id: "b", n: 5, tags: ["y"], group: "g1" },
      { _id: "c", n: 9, group: "g2" },
    ]);
  });

  const cases: [string, Update, Record<string, unknown>][] = [
    ["$set a top-level field", { $set: { n: 2 } }, { n: 2 }],
    ["$set a nested path", { $set: { "nested.k": "w", "nested.z": 1 } }, { nested: { k: "w", z: 1 } }],
    ["$unset", { $unset: { nested: "" } }, { nested: undefined }],
    ["$inc an existing field", { $inc: { n: 10 } }, { n: 11 }],
    ["$inc a missing field creates it", { $inc: { views: 1 } }, { views: 1 }],
    ["$push", { $push: { tags: "z" } }, { tags: ["x", "y", "z"] }],
    ["$push to a missing array creates it", { $push: { list: 1 } }, { list: [1] }],
    ["$pull", { $pull: { tags: "x" } }, { tags: ["y"] }],
    ["$addToSet adds a new value", { $addToSet: { tags: "w" } }, { tags: ["x", "y", "w"] }],
    ["$addToSet ignores an existing value", { $addToSet: { tags: "x" } }, { tags: ["x", "y"] }],
  ];
  for (const [title, update, expected] of cases) {
    it(`updateOne ${title}`, async () => {
      const result = await items().updateOne({ _id: "a" }, update);
      const changed = title !== "$addToSet ignores an existing value";
      assert.deepEqual(result, { matchedCount: 1, modifiedCount: changed ? 1 : 0 });
      const doc = await get("a");
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(doc?.[key], value, key);
    });
  }

  it("a $set to the current value matches but does not modify", async () => {
    assert.deepEqual(await items().updateOne({ _id: "a" }, { $set: { n: 1 } }), { matchedCount: 1, modifiedCount: 0 });
  });

  it("updateOne changes one match, updateMany all of them", async () => {
    assert.deepEqual(await items().updateOne({ group: "g1" }, { $inc: { n: 100 } }), {
      matchedCount: 1,
      modifiedCount: 1,
    });
    assert.equal(await items().countDocuments({ n: { $gt: 100 } }), 1);
    assert.deepEqual(await items().updateMany({ group: "g1" }, { $set: { seen: true } }), {
      matchedCount: 2,
      modifiedCount: 2,
    });
    assert.equal(await items().countDocuments({ seen: true }), 2);
    assert.deepEqual(await items().updateMany({ group: "none" }, { $set: { seen: true } }), {
      matchedCount: 0,
      modifiedCount: 0,
    });
  });

  it("upsert inserts the filter's equality fields plus the update, with a string _id", async () => {
    const result = await items().updateOne(
      { group: "g3", n: { $gt: 0 } },
      { $set: { label: "new" }, $inc: { n: 1 } },
      { upsert: true },
    );
    assert.equal(result.matchedCount, 0);
    assert.equal(typeof result.upsertedId, "string");
    const doc = await get(result.upsertedId ?? "");
    assert.deepEqual(doc, { _id: result.upsertedId, group: "g3", label: "new", n: 1 });
  });

  it("upsert with an _id in the filter uses it; on a match it updates instead", async () => {
    const inserted = await items().updateOne({ _id: "z" }, { $set: { v: 1 } }, { upsert: true });
    assert.equal(inserted.upsertedId, "z");
    assert.deepEqual(await get("z"), { _id: "z", v: 1 });
    const updated = await items().updateOne({ _id: "z" }, { $set: { v: 2 } }, { upsert: true });
    assert.deepEqual(updated, { matchedCount: 1, modifiedCount: 1 });
  });

  it("an update that would change _id is refused", async () => {
    await assert.rejects(items().updateOne({ _id: "a" }, { $set: { _id: "other" } }));
    assert.ok(await get("a"));
  });

  it("an update document without operators is refused", async () => {
    await assert.rejects(items().updateOne({ _id: "a" }, { n: 3 } as unknown as Update));
    assert.equal((await get("a"))?.n, 1);
  });

  it("an update that breaks a unique index throws DuplicateKeyError and changes nothing", async () => {
    await items().createIndex({ fields: { n: 1 }, unique: true });
    await assert.rejects(items().updateOne({ _id: "a" }, { $set: { n: 5 } }), DuplicateKeyError);
    assert.equal((await get("a"))?.n, 1);
  });
}
