import assert from "node:assert/strict";
import type { Doc } from "../../../server/store/types.ts";
import type { ContractContext } from "../harness.ts";
import { PEOPLE } from "./crud.ts";

type Post = Doc & { wallOwnerId: string; createdAt: number; text: string };

/** 60 posts on two walls, createdAt 1000..1059 (unique, so pages are deterministic). */
export function makePosts(): Post[] {
  return Array.from({ length: 60 }, (_, i) => ({
    _id: `post-${String(i).padStart(2, "0")}`,
    wallOwnerId: i % 2 === 0 ? "w-even" : "w-odd",
    createdAt: 1000 + i,
    text: `post ${i}`,
  }));
}

/** Newest first, `limit` at a time, the way the wall API pages: createdAt < last seen. */
export async function readWall(ctx: ContractContext, wallOwnerId: string, limit: number): Promise<number[]> {
  const posts = ctx.store.collection<Post>("posts");
  const seen: number[] = [];
  let before = Number.POSITIVE_INFINITY;
  for (;;) {
    const filter = Number.isFinite(before) ? { wallOwnerId, createdAt: { $lt: before } } : { wallOwnerId };
    const page = await posts.find(filter, { sort: { createdAt: -1 }, limit });
    seen.push(...page.map((p) => p.createdAt));
    const last = page.at(-1);
    if (page.length < limit || !last) return seen;
    before = last.createdAt;
  }
}

export function sortPageCases(ctx: ContractContext): void {
  const people = () => ctx.store.collection("people");

  for (const indexed of [false, true]) {
    describe(indexed ? "sort, skip, limit on indexed fields" : "sort, skip, limit on unindexed fields", () => {
      beforeEach(async () => {
        await people().insertMany(PEOPLE);
        await ctx.store.collection("posts").insertMany(makePosts());
        if (!indexed) return;
        await people().createIndex({ fields: { age: 1 } });
        await people().createIndex({ fields: { name: 1 } });
        await ctx.store.collection("posts").createIndex({ fields: { wallOwnerId: 1, createdAt: -1 } });
      });

      it("sorts ascending and descending, missing fields first ascending", async () => {
        const asc = await people().find({}, { sort: { age: 1, name: 1 } });
        assert.deepEqual(
          asc.map((d) => d._id),
          ["p4", "p2", "p5", "p1", "p3"],
        );
        const desc = await people().find({}, { sort: { name: -1 } });
        assert.deepEqual(
          desc.map((d) => d.name),
          ["eve", "dee", "cy", "bob", "ada"],
        );
      });

      it("skip and limit page through a sorted result", async () => {
        const page = await people().find({}, { sort: { name: 1 }, skip: 1, limit: 2 });
        assert.deepEqual(
          page.map((d) => d.name),
          ["bob", "cy"],
        );
        const filtered = await people().find({ age: { $gte: 25 } }, { sort: { age: -1 }, limit: 2 });
        assert.deepEqual(
          filtered.map((d) => d._id),
          ["p3", "p1"],
        );
        assert.equal((await people().find({}, { limit: 3 })).length, 3);
        assert.equal((await people().find({}, { skip: 4 })).length, 1);
      });

      it("findOne honours sort", async () => {
        assert.equal((await people().findOne({ age: { $exists: true } }, { sort: { age: -1 } }))?.name, "cy");
      });

      it("cursor pagination over a wall returns every post once, newest first", async () => {
        const expected = makePosts()
          .filter((p) => p.wallOwnerId === "w-odd")
          .map((p) => p.createdAt)
          .reverse();
        assert.deepEqual(await readWall(ctx, "w-odd", 7), expected);
      });
    });
  }

  it("inclusion projection keeps _id unless excluded", async () => {
    await people().insertMany(PEOPLE);
    assert.deepEqual(await people().findOne({ _id: "p1" }, { projection: { name: 1, "profile.city": 1 } }), {
      _id: "p1",
      name: "ada",
      profile: { city: "london" },
    });
    assert.deepEqual(await people().find({ _id: "p2" }, { projection: { name: 1, _id: 0 } }), [{ name: "bob" }]);
  });

  it("exclusion projection drops only the named fields", async () => {
    await people().insertMany(PEOPLE);
    assert.deepEqual(await people().findOne({ _id: "p2" }, { projection: { tags: 0, profile: 0 } }), {
      _id: "p2",
      name: "bob",
      age: 25,
    });
  });
}
