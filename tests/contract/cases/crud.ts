import assert from "node:assert/strict";
import { DuplicateKeyError } from "../../../server/store/errors.ts";
import type { Doc } from "../../../server/store/types.ts";
import type { ContractContext } from "../harness.ts";

type Person = Doc & { name: string; age?: number; profile?: { city: string }; tags?: string[] };

export const PEOPLE: Person[] = [
  { _id: "p1", name: "ada", age: 36, profile: { city: "london" }, tags: ["math", "code"] },
  { _id: "p2", name: "bob", age: 25, profile: { city: "paris" }, tags: ["art"] },
  { _id: "p3", name: "cy", age: 41, profile: { city: "london" }, tags: [] },
  { _id: "p4", name: "dee", profile: { city: "rome" } },
  { _id: "p5", name: "eve", age: 25, tags: ["code"] },
];

export function crudCases(ctx: ContractContext): void {
  const people = () => ctx.store.collection<Person>("people");

  it("insertOne then findOne by _id returns the same document", async () => {
    await people().insertOne({ _id: "x", name: "x", profile: { city: "oslo" }, tags: ["a"] });
    assert.deepEqual(await people().findOne({ _id: "x" }), {
      _id: "x",
      name: "x",
      profile: { city: "oslo" },
      tags: ["a"],
    });
    assert.equal(await people().findOne({ _id: "nope" }), null);
  });

  it("a duplicate _id throws DuplicateKeyError and keeps the first document", async () => {
    await people().insertOne({ _id: "x", name: "first" });
    await assert.rejects(people().insertOne({ _id: "x", name: "second" }), DuplicateKeyError);
    assert.equal((await people().findOne({ _id: "x" }))?.name, "first");
  });

  it("a document without a string _id is refused", async () => {
    await assert.rejects(people().insertOne({ name: "nobody" } as unknown as Person), TypeError);
    await assert.rejects(people().insertOne({ _id: 5, name: "num" } as unknown as Person), TypeError);
  });

  it("insertMany, find and countDocuments", async () => {
    await people().insertMany(PEOPLE);
    assert.equal((await people().find({})).length, 5);
    assert.equal(await people().countDocuments(), 5);
    assert.equal(await people().countDocuments({ age: 25 }), 2);
    assert.equal(await people().countDocuments({ "profile.city": "london", age: { $gt: 40 } }), 1);
  });

  it("reads from a collection that was never written are empty, not errors", async () => {
    const ghost = ctx.store.collection("ghost");
    assert.deepEqual(await ghost.find({ a: 1 }), []);
    assert.equal(await ghost.findOne({}), null);
    assert.equal(await ghost.countDocuments({}), 0);
    assert.deepEqual(await ghost.deleteMany({}), { deletedCount: 0 });
    assert.deepEqual(await ghost.updateMany({}, { $set: { a: 1 } }), { matchedCount: 0, modifiedCount: 0 });
  });

  it("returned documents are copies: changing them does not change the store", async () => {
    await people().insertOne({ _id: "x", name: "x", tags: ["a"] });
    const doc = await people().findOne({ _id: "x" });
    doc?.tags?.push("mutated");
    assert.deepEqual((await people().findOne({ _id: "x" }))?.tags, ["a"]);
  });

  it("deleteOne removes one match, deleteMany every match", async () => {
    await people().insertMany(PEOPLE);
    assert.deepEqual(await people().deleteOne({ age: 25 }), { deletedCount: 1 });
    assert.equal(await people().countDocuments({ age: 25 }), 1);
    assert.deepEqual(await people().deleteMany({ "profile.city": "london" }), { deletedCount: 2 });
    assert.deepEqual(await people().deleteOne({ name: "nobody" }), { deletedCount: 0 });
    assert.deepEqual(await people().deleteMany({}), { deletedCount: 2 });
    assert.equal(await people().countDocuments(), 0);
  });

  it("ping resolves and poolStats reports non-negative numbers", async () => {
    await ctx.store.ping();
    const stats = ctx.store.poolStats();
    for (const key of ["inUse", "waiting", "checkoutFailures", "waitP99Ms", "poolCleared"] as const) {
      assert.equal(typeof stats[key], "number", key);
      assert.ok(stats[key] >= 0, key);
    }
  });

  it("listCollections and dropCollection", async () => {
    await ctx.store.collection("alpha").insertOne({ _id: "1" });
    await ctx.store.collection("beta").insertOne({ _id: "1" });
    assert.deepEqual(await ctx.store.listCollections(), ["alpha", "beta"]);
    await ctx.store.dropCollection("alpha");
    await ctx.store.dropCollection("never_existed");
    assert.deepEqual(await ctx.store.listCollections(), ["beta"]);
    assert.equal(await ctx.store.collection("alpha").countDocuments(), 0);
  });

  it("invalid collection names are refused", () => {
    for (const bad of ["Users", "1abc", "a-b", "", "_indexes", "x".repeat(64), "sqlite_master"]) {
      assert.throws(() => ctx.store.collection(bad), TypeError, bad);
    }
  });
}
