/**
 * Value types: bytes and Dates round-trip as themselves on every engine (BV), and values
 * no engine can keep are refused before anything is written (NS), never stored mangled.
 */
import assert from "node:assert/strict";
import { NotStorableError, StoreError } from "../../../server/store/errors.ts";
import type { Doc, Update } from "../../../server/store/types.ts";
import type { ContractContext } from "../harness.ts";

type Item = Doc & Record<string, unknown>;

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const T1 = new Date("2026-11-29T10:00:00.123Z");
const T0 = new Date(-86_400_000); // before 1970: ISO and BSON both keep it

/** A plain Uint8Array (not a Buffer, not a BSON Binary) holding `bytes`. */
function assertBytes(actual: unknown, bytes: ArrayLike<number>, where: string): void {
  assert.ok(actual instanceof Uint8Array, `${where}: expected a Uint8Array, got ${String(actual)}`);
  assert.equal(Object.getPrototypeOf(actual), Uint8Array.prototype, `${where}: a plain Uint8Array, not a subclass`);
  assert.deepEqual([...actual], [...Array.from(bytes)], where);
}

function assertDate(actual: unknown, expected: Date, where: string): void {
  assert.ok(actual instanceof Date, `${where}: expected a Date, got ${String(actual)}`);
  assert.equal(actual.getTime(), expected.getTime(), where);
}

export function binaryCases(ctx: ContractContext): void {
  const items = () => ctx.store.collection<Item>("items");
  const get = async (id: string) => (await items().findOne({ _id: id })) as Record<string, unknown> | null;

  const rich = (): Item => ({
    _id: "r",
    key: "k1",
    bytes: new Uint8Array([0, 1, 2, 255]),
    buffer: Buffer.from("héllo"),
    empty: new Uint8Array(0),
    all: ALL_BYTES,
    at: T1,
    before1970: T0,
    nested: { deep: { bytes: new Uint8Array([7]), at: T1 } },
    list: [new Uint8Array([1, 2]), T1, { bytes: new Uint8Array([3]) }],
  });

  function assertRich(doc: Record<string, unknown> | null | undefined): void {
    assert.ok(doc, "document found");
    assertBytes(doc.bytes, [0, 1, 2, 255], "bytes");
    assertBytes(doc.buffer, Buffer.from("héllo"), "a Buffer comes back as a Uint8Array");
    assertBytes(doc.empty, [], "empty");
    assertBytes(doc.all, ALL_BYTES, "all 256 byte values");
    assertDate(doc.at, T1, "at");
    assertDate(doc.before1970, T0, "before1970");
    const nested = doc.nested as { deep: { bytes: unknown; at: unknown } };
    assertBytes(nested.deep.bytes, [7], "nested.deep.bytes");
    assertDate(nested.deep.at, T1, "nested.deep.at");
    const list = doc.list as unknown[];
    assertBytes(list[0], [1, 2], "list.0");
    assertDate(list[1], T1, "list.1");
    assertBytes((list[2] as { bytes: unknown }).bytes, [3], "list.2.bytes");
  }

  it("[BV1] Uint8Array, Buffer and Date values round-trip as Uint8Array and Date, nested anywhere", async () => {
    await items().insertOne(rich());
    assertRich(await get("r"));
    assertRich((await items().find({}))[0]);
  });

  it("[BV2] bytes and Dates survive closing and reopening the store", async () => {
    await items().insertOne(rich());
    ctx.store = await ctx.engine.reopen(ctx.store);
    assertRich(await get("r"));
  });

  it("[BV3] an indexed lookup (pushdown) and a batch insert return decoded values too", async () => {
    await items().createIndex({ fields: { key: 1 }, unique: true });
    await ctx.store.batch([{ op: "insertOne", collection: "items", doc: rich() }]);
    assertRich(await items().findOne({ key: "k1" }));
    assertRich((await items().find({ key: { $in: ["k1", "k2"] } }, { sort: { key: 1 }, limit: 5 }))[0]);
    assert.equal(await items().countDocuments({ key: "k1" }), 1);
  });

  it("[BV4] filters compare bytes by content and Dates by time; sort orders Dates", async () => {
    await items().insertMany([
      { _id: "a", bytes: new Uint8Array([1, 2]), at: new Date(3_000) },
      { _id: "b", bytes: new Uint8Array([1, 2, 3]), at: new Date(1_000) },
      { _id: "c", bytes: new Uint8Array([9]), at: new Date(2_000) },
    ]);
    const ids = async (filter: Record<string, unknown>) =>
      (await items().find(filter, { sort: { _id: 1 } })).map((d) => d._id);
    assert.deepEqual(await ids({ bytes: new Uint8Array([1, 2]) }), ["a"]);
    assert.deepEqual(await ids({ bytes: Buffer.from([9]) }), ["c"]);
    assert.deepEqual(await ids({ at: new Date(2_000) }), ["c"]);
    assert.deepEqual(await ids({ at: { $gte: new Date(2_000) } }), ["a", "c"]);
    assert.deepEqual(await ids({ at: { $lt: new Date(2_500) } }), ["b", "c"]);
    assert.equal(await items().countDocuments({ at: { $gt: new Date(1_500) } }), 2);
    const sorted = await items().find({}, { sort: { at: -1 } });
    assert.deepEqual(
      sorted.map((d) => d._id),
      ["a", "c", "b"],
    );
    const projected = await items().findOne({ _id: "b" }, { projection: { bytes: 1, at: 1 } });
    assertBytes(projected?.bytes, [1, 2, 3], "projected bytes");
    assertDate(projected?.at, new Date(1_000), "projected at");
  });

  it("[BV5] $set, $push and $addToSet write bytes and Dates; $addToSet, $pull, count and delete match bytes by content", async () => {
    await items().insertOne({ _id: "u", chunks: [new Uint8Array([1])], meta: {} });
    await items().updateOne({ _id: "u" }, { $set: { state: new Uint8Array([5, 6]), "meta.savedAt": T1 } });
    await items().updateOne({ _id: "u" }, { $push: { chunks: new Uint8Array([2]) } });
    await items().updateOne({ _id: "u" }, { $push: { chunks: { $each: [new Uint8Array([3]), new Uint8Array([4])] } } });
    const added = await items().updateOne({ _id: "u" }, { $addToSet: { chunks: Buffer.from([2]) } });
    assert.equal(added.modifiedCount, 0, "$addToSet finds equal bytes already there");
    let doc = await get("u");
    assert.ok(doc);
    assertBytes(doc.state, [5, 6], "state");
    assertDate((doc.meta as { savedAt: unknown }).savedAt, T1, "meta.savedAt");
    const chunks = doc.chunks as unknown[];
    assert.equal(chunks.length, 4);
    chunks.forEach((c, i) => {
      assertBytes(c, [i + 1], `chunks.${i}`);
    });
    await items().updateOne({ _id: "u" }, { $pull: { chunks: Buffer.from([2]) } });
    doc = await get("u");
    assert.ok(doc);
    assert.deepEqual(
      (doc.chunks as Uint8Array[]).map((c) => c[0]),
      [1, 3, 4],
    );
    assert.equal(await items().countDocuments({ chunks: Buffer.from([3]) }), 1, "array contains bytes");
    assert.deepEqual(await items().deleteMany({ state: Buffer.from([5, 6]) }), { deletedCount: 1 });
  });

  it("[BV6] an upsert stores bytes from $set; updateMany sets a Date on every match", async () => {
    const r = await items().updateOne({ _id: "new" }, { $set: { state: new Uint8Array([8]) } }, { upsert: true });
    assert.equal(r.upsertedId, "new");
    assertBytes((await get("new"))?.state, [8], "upserted state");
    await items().insertOne({ _id: "other" });
    await items().updateMany({}, { $set: { touchedAt: T1 } });
    for (const doc of await items().find({})) assertDate(doc.touchedAt, T1, `${doc._id}.touchedAt`);
  });

  it("[BV7] stored bytes are copies: changing the input or the result later changes nothing", async () => {
    const input = new Uint8Array([1, 2, 3]);
    await items().insertOne({ _id: "c", bytes: input });
    input[0] = 99;
    const first = await get("c");
    (first?.bytes as Uint8Array)[1] = 99;
    assertBytes((await get("c"))?.bytes, [1, 2, 3], "bytes");
  });

  it("[BV8] shared (non-cyclic) references are stored as two copies; undefined fields are dropped", async () => {
    const shared = { n: 1 };
    await items().insertOne({ _id: "s", a: shared, b: shared, gone: undefined });
    assert.deepEqual(await get("s"), { _id: "s", a: { n: 1 }, b: { n: 1 } });
  });
}

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

function cyclicObject(): Record<string, unknown> {
  const o: Record<string, unknown> = { name: "loop" };
  o.self = o;
  return o;
}

function cyclicArray(): unknown[] {
  const a: unknown[] = [1];
  a.push(a);
  return a;
}

function nested(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) v = { v };
  return v;
}

/** [title, the field's value, the path the error must name (after "items.")] */
const NOT_STORABLE: [string, () => unknown, string][] = [
  ["a function", () => ({ fn: () => 1 }), "v.fn"],
  ["a symbol", () => ({ s: Symbol("x") }), "v.s"],
  ["a BigInt", () => ({ big: 10n }), "v.big"],
  ["NaN", () => ({ n: Number.NaN }), "v.n"],
  ["Infinity", () => [1, Number.POSITIVE_INFINITY], "v.1"],
  ["-Infinity", () => ({ n: Number.NEGATIVE_INFINITY }), "v.n"],
  ["an invalid Date", () => ({ at: new Date("nope") }), "v.at"],
  ["a Map", () => ({ m: new Map([["a", 1]]) }), "v.m"],
  ["a Set", () => ({ s: new Set([1]) }), "v.s"],
  ["a RegExp", () => ({ r: /x/ }), "v.r"],
  ["a class instance", () => ({ p: new Point(1, 2) }), "v.p"],
  ["an Int16Array", () => ({ t: new Int16Array(2) }), "v.t"],
  ["an ArrayBuffer", () => ({ t: new ArrayBuffer(2) }), "v.t"],
  ["a cyclic object", () => ({ c: cyclicObject() }), "v.c.self"],
  ["a cyclic array", () => cyclicArray(), "v.1"],
  ["undefined inside an array", () => [1, undefined], "v.1"],
  ["a key starting with $", () => ({ $where: "x" }), "v.$where"],
  ["a key that looks like a tag", () => ({ $binary: "AQI=" }), "v.$binary"],
  ["a key containing a dot", () => ({ list: [{ "a.b": 1 }] }), "v.list.0.a.b"],
  ["nesting deeper than 100 levels", () => nested(120), "v"],
];

export function notStorableCases(ctx: ContractContext): void {
  const items = () => ctx.store.collection<Item>("items");

  async function refused(work: Promise<unknown>, path?: string): Promise<NotStorableError> {
    const err = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof NotStorableError, `expected NotStorableError, got ${String(err)}`);
    assert.ok(err instanceof StoreError);
    if (path) assert.ok(err.path.startsWith(`items.${path}`), `${err.path} should start with items.${path}`);
    assert.ok(err.message.includes(err.path), err.message);
    return err;
  }

  for (const [title, value, path] of NOT_STORABLE) {
    it(`[NS1] insertOne refuses ${title}, naming the path, and writes nothing`, async () => {
      await refused(items().insertOne({ _id: "bad", v: value() }), path);
      assert.equal(await items().countDocuments(), 0);
    });
  }

  it("[NS2] insertMany with one bad document inserts none of them", async () => {
    const docs = [{ _id: "1", v: 1 }, { _id: "2", v: () => 2 }, { _id: "3" }];
    await refused(items().insertMany(docs), "v");
    assert.equal(await items().countDocuments(), 0);
  });

  const BAD_UPDATES: [string, Update, string][] = [
    ["$set a function", { $set: { v: () => 1 } }, "v"],
    ["$set a nested path to NaN", { $set: { "meta.n": Number.NaN } }, "meta.n"],
    ["$set an object with a $ key", { $set: { meta: { $gt: 1 } } }, "meta.$gt"],
    ["$set a path with a $ segment", { $set: { "meta.$bad": 1 } }, "meta.$bad"],
    ["$set a Map", { $set: { m: new Map() } }, "m"],
    ["$push a Set", { $push: { list: new Set([1]) } }, "list"],
    ["$push $each with one BigInt", { $push: { list: { $each: [1, 2n] } } }, "list.1"],
    ["$addToSet a cyclic object", { $addToSet: { list: cyclicObject() } }, "list.self"],
    ["$inc by NaN", { $inc: { n: Number.NaN } }, "n"],
  ];
  for (const [title, update, path] of BAD_UPDATES) {
    it(`[NS3] updateOne refuses ${title} and leaves the document as it was`, async () => {
      const before = { _id: "d", n: 1, list: [1], meta: { k: "v" } };
      await items().insertOne(before);
      await refused(items().updateOne({ _id: "d" }, update), path);
      await refused(items().updateMany({}, update), path);
      await refused(items().updateOne({ _id: "nobody" }, update, { upsert: true }), path);
      assert.deepEqual(await items().find({}), [before]);
    });
  }

  it("[NS4] positional update paths ($[]) are still allowed", async () => {
    await items().insertOne({ _id: "d", tags: ["x", "y"] });
    await items().updateOne({ _id: "d" }, { $set: { "tags.$[]": "z" } });
    assert.deepEqual((await items().findOne({ _id: "d" }))?.tags, ["z", "z"]);
  });

  it("[NS5] a batch with a non-storable value applies none of its ops", async () => {
    await items().insertOne({ _id: "d", n: 1 });
    const failing = ctx.store.batch([
      { op: "updateOne", collection: "items", filter: { _id: "d" }, update: { $inc: { n: 1 } } },
      { op: "insertOne", collection: "items", doc: { _id: "e", v: new Map() } },
    ]);
    await refused(failing, "v");
    assert.deepEqual(await items().find({}), [{ _id: "d", n: 1 }]);
  });
}
