/**
 * Pushdown must never change an answer: for random documents of mixed types and random
 * filters on indexed fields, the sqlite engine (index + SQL) agrees with mingo evaluating
 * the same filter over every document.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { Query } from "mingo";
import { openSqliteStore, type SqliteStore } from "../../server/store/sqlite/store.ts";
import type { Doc, Filter } from "../../server/store/types.ts";
import { silentLogger } from "./harness.ts";

// Booleans are left out of `n`, the sort field: SQLite orders true/false as 1/0 among numbers (see plan.ts).
const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom("", "a", "ab", "b"), fc.constant(null));
const anyScalar = fc.oneof(scalar, fc.boolean());
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const docsArb = fc
  .array(fc.record({ a: optional(anyScalar), n: optional(scalar), c: optional(anyScalar) }), {
    minLength: 1,
    maxLength: 25,
  })
  .map((rows) =>
    rows.map((r, i) => {
      const doc: Doc = { _id: `d${String(i).padStart(2, "0")}` };
      if (r.a !== undefined) doc.a = r.a;
      if (r.n !== undefined) doc.n = r.n;
      if (r.c !== undefined) doc.b = { c: r.c };
      return doc;
    }),
  );

const field = fc.constantFrom("a", "n", "b.c", "_id");
const operand = fc.oneof(anyScalar, fc.constantFrom("d03", "d10"));
const condition = fc.oneof(
  operand,
  fc.record({ $eq: operand }),
  fc.record({ $in: fc.array(operand, { maxLength: 3 }) }),
  fc.dictionary(fc.constantFrom("$lt", "$lte", "$gt", "$gte"), operand, { minKeys: 1, maxKeys: 2 }),
);
const filterArb = fc.dictionary(field, condition, { maxKeys: 2 });

function reference(docs: Doc[], filter: Filter): string[] {
  return new Query<Doc>(filter)
    .find<Doc>(docs)
    .all()
    .map((d) => String(d._id))
    .sort();
}

describe("sqlite pushdown agrees with mingo (property)", function () {
  // Property runs are CPU-bound: seconds on a loaded 2-core machine, above the 5 s default.
  this.timeout(30_000);
  let store: SqliteStore;
  beforeEach(async () => {
    store = openSqliteStore({ file: ":memory:", logger: silentLogger });
  });
  afterEach(() => store.close());

  it("same matches, counts and sort order for random data and filters", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(docsArb, filterArb, fc.constantFrom<1 | -1>(1, -1), fc.nat(6), async (docs, filter, dir, limit) => {
        const name = `c${run++}`;
        const coll = store.collection(name);
        await coll.createIndex({ fields: { a: 1 } });
        await coll.createIndex({ fields: { n: 1, "b.c": -1 } });
        await coll.insertMany(docs);
        const expected = reference(docs, filter);
        const found = (await coll.find(filter)).map((d) => d._id).sort();
        assert.deepEqual(found, expected, JSON.stringify(filter));
        assert.equal(await coll.countDocuments(filter), expected.length);
        const sorted = await coll.find(filter, { sort: { n: dir }, limit });
        // Mongo's limit 0 means "no limit"; mingo's means none.
        const cursor = new Query<Doc>(filter).find<Doc>(docs).sort({ n: dir });
        const want = (limit > 0 ? cursor.limit(limit) : cursor).all();
        assert.deepEqual(
          sorted.map((d) => d.n ?? null),
          want.map((d) => d.n ?? null),
          `sort ${dir} limit ${limit} ${JSON.stringify(filter)}`,
        );
        await store.dropCollection(name);
      }),
      { numRuns: 300 },
    );
  });

  it("[PD2] a top-level $or (the (createdAt, _id) cursor's shape) gives mingo's answers, pushed or not", async () => {
    const branch = fc.dictionary(field, condition, { minKeys: 1, maxKeys: 2 });
    const orFilter = fc.record({ $or: fc.array(branch, { minLength: 1, maxLength: 3 }) });
    const withOr = fc.tuple(filterArb, orFilter).map(([rest, or]) => ({ ...rest, ...or }));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(docsArb, withOr, fc.constantFrom<1 | -1>(1, -1), fc.nat(6), async (docs, filter, dir, limit) => {
        const name = `o${run++}`;
        const coll = store.collection(name);
        await coll.createIndex({ fields: { a: 1 } });
        await coll.createIndex({ fields: { n: 1, "b.c": -1 } });
        await coll.insertMany(docs);
        const expected = reference(docs, filter);
        assert.deepEqual((await coll.find(filter)).map((d) => d._id).sort(), expected, JSON.stringify(filter));
        assert.equal(await coll.countDocuments(filter), expected.length);
        const sorted = await coll.find(filter, { sort: { n: dir, _id: dir }, limit });
        const cursor = new Query<Doc>(filter).find<Doc>(docs).sort({ n: dir, _id: dir });
        const want = (limit > 0 ? cursor.limit(limit) : cursor).all();
        assert.deepEqual(
          sorted.map((d) => d._id),
          want.map((d) => d._id),
          `sort ${dir} limit ${limit} ${JSON.stringify(filter)}`,
        );
        await store.dropCollection(name);
      }),
      { numRuns: 300 },
    );
  });

  it("[PD3] a projection of top-level fields, read by SQL when it can, gives mingo's documents: stored nulls kept, missing fields left out, Dates revived", async () => {
    const projectionArb = fc
      .record({ keep: fc.subarray(["a", "n", "b", "t", "_id"], { minLength: 1 }), dropId: fc.boolean() })
      .map(({ keep, dropId }) => {
        const projection: Record<string, 0 | 1> = Object.fromEntries(keep.map((f) => [f, 1 as const]));
        if (dropId && keep.some((f) => f !== "_id")) projection._id = 0;
        return projection;
      });
    const withDates = docsArb.map((docs) => docs.map((d, i) => (i % 2 === 0 ? { ...d, t: new Date(1_700_000_000_000 + i) } : d)));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(withDates, filterArb, projectionArb, fc.constantFrom<1 | -1>(1, -1), async (docs, filter, projection, dir) => {
        const name = `p${run++}`;
        const coll = store.collection(name);
        await coll.createIndex({ fields: { a: 1 } });
        await coll.createIndex({ fields: { n: 1, "b.c": -1 } });
        await coll.insertMany(docs);
        const sort = { n: dir, _id: dir };
        const matched = new Query<Doc>(filter).find<Doc>(docs).sort(sort).all();
        const want = matched.map((d) => new Query<Doc>({}).find<Doc>([d], projection).all()[0]);
        // Without a sort SQL returns rows in its own order: compare as sets of documents.
        const canon = (ds: Doc[]) => ds.map((d) => JSON.stringify(Object.entries(d).sort())).sort();
        const what = JSON.stringify({ filter, projection });
        assert.deepEqual(canon(await coll.find(filter, { projection })), canon(want as Doc[]), what);
        assert.deepEqual(await coll.find(filter, { projection, sort }), want, what);
        await store.dropCollection(name);
      }),
      { numRuns: 300 },
    );
  });
});
