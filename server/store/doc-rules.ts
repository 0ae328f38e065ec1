import type { Doc } from "./types.ts";

/** True for `{...}` literals and JSON-parsed objects (not arrays, Dates, RegExps, class instances). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Both engines demand a non-empty string `_id`: sqlite keys rows by it, and on mongo it
 * stops the driver from inventing an ObjectId that the `Doc` type says cannot exist.
 */
export function assertDoc(doc: unknown): asserts doc is Doc {
  if (!isPlainObject(doc)) throw new TypeError("a document must be a plain object");
  if (typeof doc._id !== "string" || doc._id === "") {
    throw new TypeError("a document needs a non-empty string _id");
  }
}
