import assert from "node:assert/strict";
import type { Filter } from "../../../server/store/types.ts";
import type { ContractContext } from "../harness.ts";
import { PEOPLE } from "./crud.ts";

/** Filter → expected _ids (sorted). Every case runs twice: with and without indexes (pushdown). */
export const FILTER_CASES: [string, Filter, string[]][] = [
  ["equality", { name: "bob" }, ["p2"]],
  ["nested path", { "profile.city": "london" }, ["p1", "p3"]],
  ["$in", { name: { $in: ["ada", "eve", "zed"] } }, ["p1", "p5"]],
  ["$in on numbers", { age: { $in: [25, 41] } }, ["p2", "p3", "p5"]],
  ["$nin", { name: { $nin: ["ada", "bob"] } }, ["p3", "p4", "p5"]],
  ["$gte", { age: { $gte: 36 } }, ["p1", "p3"]],
  ["$gt + $lt", { age: { $gt: 25, $lt: 41 } }, ["p1"]],
  ["$lte", { age: { $lte: 25 } }, ["p2", "p5"]],
  ["string range", { name: { $gte: "bob", $lt: "dee" } }, ["p2", "p3"]],
  ["$ne (includes missing)", { age: { $ne: 25 } }, ["p1", "p3", "p4"]],
  ["$exists true", { age: { $exists: true } }, ["p1", "p2", "p3", "p5"]],
  ["$exists false", { age: { $exists: false } }, ["p4"]],
  ["null matches missing", { age: null }, ["p4"]],
  ["array contains", { tags: "code" }, ["p1", "p5"]],
  ["$all", { tags: { $all: ["math", "code"] } }, ["p1"]],
  ["$size", { tags: { $size: 0 } }, ["p3"]],
  ["$or", { $or: [{ name: "ada" }, { age: { $lt: 30 } }] }, ["p1", "p2", "p5"]],
  ["$and", { $and: [{ "profile.city": "london" }, { age: { $gt: 40 } }] }, ["p3"]],
  ["$regex", { name: { $regex: "^[ab]" } }, ["p1", "p2"]],
  ["indexed + unindexed", { name: "ada", "profile.city": "london" }, ["p1"]],
  ["type bracketing: number range skips strings", { name: { $gt: 0 } }, []],
  ["type bracketing: string range skips numbers", { age: { $gt: "" } }, []],
  ["$eq", { age: { $eq: 36 } }, ["p1"]],
  ["empty $in", { name: { $in: [] } }, []],
  ["_id $in", { _id: { $in: ["p2", "p4", "nope"] } }, ["p2", "p4"]],
  ["_id range", { _id: { $gt: "p3" } }, ["p4", "p5"]],
  ["number never equals a string _id", { _id: 1 }, []],
];

async function ids(ctx: ContractContext, filter: Filter): Promise<string[]> {
  const docs = await ctx.store.collection("people").find(filter);
  return docs.map((d) => d._id).sort();
}

export function filterCases(ctx: ContractContext): void {
  for (const indexed of [false, true]) {
    describe(indexed ? "filters on indexed fields" : "filters on unindexed fields", () => {
      beforeEach(async () => {
        const people = ctx.store.collection("people");
        await people.insertMany(PEOPLE);
        if (!indexed) return;
        await people.createIndex({ fields: { name: 1 }, unique: true });
        await people.createIndex({ fields: { age: 1 } });
        await people.createIndex({ fields: { "profile.city": 1 } });
      });
      for (const [title, filter, expected] of FILTER_CASES) {
        it(`${title}: ${JSON.stringify(filter)}`, async () => {
          assert.deepEqual(await ids(ctx, filter), expected);
          assert.equal(await ctx.store.collection("people").countDocuments(filter), expected.length);
        });
      }
    });
  }
}
