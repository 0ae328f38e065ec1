import { randomUUID } from "node:crypto";
import type { ClientSession, Db, Document, Filter as MongoFilter, UpdateFilter } from "mongodb";
import { MissingMatchError } from "../errors.ts";
import { assertDoc, isPlainObject } from "../doc-rules.ts";
import type { BatchOp, Doc, Filter, Update, UpdateResult } from "../types.ts";
import { assertStorableDoc, assertStorableUpdate } from "../values.ts";

/**
 * Driver calls shared by collections and batches. Our types are looser than the
 * driver's generics (any field name), hence the casts at this one boundary.
 */

export function mongoFilter(filter: Filter): MongoFilter<Document> {
  return filter as MongoFilter<Document>;
}

/**
 * An upsert whose filter names no `_id` would get an ObjectId from the server; our Doc
 * type promises a string, so supply a UUID on insert, as the sqlite engine does.
 */
export function upsertUpdate(filter: Filter, update: Update, upsert: boolean): UpdateFilter<Document> {
  const setsId = isPlainObject(update.$set) && update.$set._id !== undefined;
  if (!upsert || filter._id !== undefined || setsId) return update as UpdateFilter<Document>;
  return { ...update, $setOnInsert: { _id: randomUUID() } } as UpdateFilter<Document>;
}

type Options = { session?: ClientSession };

export async function updateOne(
  db: Db,
  op: { collection: string; filter: Filter; update: Update; upsert?: boolean },
  options: Options = {},
): Promise<UpdateResult> {
  assertStorableUpdate(op.update, op.collection);
  const upsert = op.upsert === true;
  const r = await db
    .collection(op.collection)
    .updateOne(mongoFilter(op.filter), upsertUpdate(op.filter, op.update, upsert), { ...options, upsert });
  const out: UpdateResult = { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount };
  if (r.upsertedId !== null && r.upsertedId !== undefined) out.upsertedId = String(r.upsertedId);
  return out;
}

export async function updateMany(
  db: Db,
  op: { collection: string; filter: Filter; update: Update },
  options: Options = {},
): Promise<UpdateResult> {
  assertStorableUpdate(op.update, op.collection);
  const r = await db
    .collection(op.collection)
    .updateMany(mongoFilter(op.filter), op.update as UpdateFilter<Document>, options);
  return { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount };
}

export async function insertDocs(db: Db, collection: string, docs: Doc[], options: Options = {}): Promise<void> {
  for (const doc of docs) {
    assertDoc(doc);
    assertStorableDoc(doc, collection);
  }
  // Copies: the driver writes into the objects it is given.
  const copies: Document[] = docs.map((d) => ({ ...d }));
  const [first] = copies;
  if (copies.length === 1 && first) await db.collection(collection).insertOne(first, options);
  else if (copies.length > 1) await db.collection(collection).insertMany(copies, options);
}

export async function applyBatchOp(db: Db, op: BatchOp, session: ClientSession): Promise<void> {
  const coll = db.collection(op.collection);
  switch (op.op) {
    case "insertOne":
      await insertDocs(db, op.collection, [op.doc], { session });
      return;
    case "updateOne": {
      const { matchedCount } = await updateOne(db, op, { session });
      if (op.required && matchedCount === 0) throw new MissingMatchError(op.collection);
      return;
    }
    case "updateMany":
      await updateMany(db, op, { session });
      return;
    case "deleteOne":
      await coll.deleteOne(mongoFilter(op.filter), { session });
      return;
    case "deleteMany":
      await coll.deleteMany(mongoFilter(op.filter), { session });
      return;
  }
}

/** Stage names of an explain() winning plan, e.g. ["LIMIT", "FETCH", "IXSCAN createdAt_1"]. */
export function planStages(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const child of node) planStages(child, out);
    return out;
  }
  if (!isPlainObject(node)) return out;
  if (typeof node.stage === "string") {
    out.push(typeof node.indexName === "string" ? `${node.stage} ${node.indexName}` : node.stage);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== "stage" && typeof value === "object") planStages(value, out);
  }
  return out;
}
