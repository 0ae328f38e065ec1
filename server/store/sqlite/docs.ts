import { randomUUID } from "node:crypto";
import { update as mingoUpdate } from "mingo";
import type { Modifier } from "mingo/updater";
import { assertDoc, isPlainObject } from "../doc-rules.ts";
import type { Doc, Filter, Update } from "../types.ts";

/**
 * Query pushdown (plan.ts) is only exact when indexed paths hold scalars and cross no
 * arrays. Refusing other values here is what makes that true for every stored row.
 */
export function assertIndexable(doc: Doc, paths: Iterable<string>, collection: string): void {
  for (const path of paths) {
    if (path === "_id") continue;
    const value = valueAt(doc, path, collection);
    if (value === undefined || value === null || typeof value === "string" || typeof value === "boolean") continue;
    if (typeof value === "number" && Number.isFinite(value)) continue;
    throw new TypeError(
      `${collection}.${path} is indexed and must hold a string, number, boolean or null, not ${describe(value)} ` +
        "(the sqlite engine indexes scalars only: keep indexed times as epoch ms or ISO strings)",
    );
  }
}

function valueAt(doc: Doc, path: string, collection: string): unknown {
  let current: unknown = doc;
  for (const part of path.split(".")) {
    if (Array.isArray(current)) {
      throw new TypeError(`${collection}.${path} is indexed and must not pass through an array`);
    }
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a Date";
  if (value instanceof Uint8Array) return "a Uint8Array";
  return typeof value === "object" ? "an object" : String(value);
}

/** Mongo refuses replacement documents in updateOne/updateMany; so do we. */
export function assertUpdate(update: Update): void {
  const keys = Object.keys(update);
  if (keys.length === 0 || keys.some((k) => !k.startsWith("$"))) {
    throw new TypeError("an update document must use update operators ($set, $inc, ...) only");
  }
}

/** Applies a Mongo update in place; true when the document changed. */
export function applyUpdate(doc: Doc, update: Update): boolean {
  const id = doc._id;
  const changed = mingoUpdate(doc, update as Modifier<Doc>);
  if (doc._id !== id) {
    throw new TypeError("performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return changed.length > 0;
}

/**
 * The document an upsert inserts, as Mongo builds it: the filter's equality fields, then
 * the update applied on top, then a generated `_id` when neither supplied one.
 */
export function upsertDoc(filter: Filter, update: Update): Doc {
  const { _id, ...equalities } = equalityFields(filter);
  // mingo (like Mongo) refuses to $set _id, so it goes in directly.
  const seed: Record<string, unknown> = _id === undefined ? {} : { _id };
  if (Object.keys(equalities).length > 0) mingoUpdate(seed, { $set: equalities });
  mingoUpdate(seed, update as Modifier<Record<string, unknown>>);
  if (seed._id === undefined) seed._id = randomUUID();
  assertDoc(seed);
  return seed;
}

function equalityFields(filter: Filter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, cond] of Object.entries(filter)) {
    if (key.startsWith("$") || cond instanceof RegExp) continue;
    if (!isPlainObject(cond)) {
      out[key] = cond;
      continue;
    }
    const ops = Object.keys(cond);
    if (!ops.some((k) => k.startsWith("$"))) out[key] = cond;
    else if (ops.length === 1 && ops[0] === "$eq") out[key] = cond.$eq;
  }
  return out;
}
