import { isPlainObject } from "./doc-rules.ts";
import { NotStorableError } from "./errors.ts";
import type { Doc, Update } from "./types.ts";

/**
 * What a document may hold, the same on every engine:
 *
 * - JSON values: strings, finite numbers, booleans, null, arrays, plain objects;
 * - `Date` (valid ones): comes back as a `Date`;
 * - `Uint8Array` (a `Buffer` too): comes back as a plain `Uint8Array`, never a Buffer or
 *   a BSON Binary, so callers (Yjs, hashes) see one type whichever engine runs;
 * - `undefined` as an object field: dropped, as JSON and Mongo's `ignoreUndefined` do.
 *
 * Anything else is refused with NotStorableError naming the path: functions, symbols,
 * BigInt, NaN/±Infinity, invalid Dates, other class instances (Map, Set, RegExp, other
 * typed arrays, ObjectId...), `undefined` inside an array, cycles, nesting deeper than
 * Mongo's 100 levels, and keys that start with `$`, contain `.` or a NUL byte (Mongo
 * refuses or misreads them, and the sqlite engine uses `{"$date"}` / `{"$binary"}` as
 * its tags, which must never collide with a real key).
 */

/** Mongo's BSON nesting limit, counted from the document itself. */
export const MAX_DEPTH = 100;

/** Throws NotStorableError for the first value in `doc` that is not storable. */
export function assertStorableDoc(doc: Doc, collection: string): void {
  checkObject(doc, collection, new Set(), 0);
}

/**
 * The values an update would write ($set, $setOnInsert, $push, $addToSet, $inc). Paths
 * may be dotted and use positional segments (`a.$`, `a.$[]`, `a.$[x]`); `$pull` and
 * `$unset` write nothing, so they are left to the engine.
 */
export function assertStorableUpdate(update: Update, collection: string): void {
  for (const [op, fields] of Object.entries(update)) {
    if (!isPlainObject(fields)) continue;
    for (const [path, value] of Object.entries(fields)) {
      const where = `${collection}.${path}`;
      if (op === "$set" || op === "$setOnInsert") {
        assertUpdatePath(path, where);
        checkValue(value, where, new Set(), 1);
      } else if (op === "$push" || op === "$addToSet") {
        assertUpdatePath(path, where);
        checkPushed(value, where);
      } else if (op === "$inc") {
        assertUpdatePath(path, where);
        if (typeof value !== "number" || !Number.isFinite(value)) {
          throw new NotStorableError(where, `$inc needs a finite number, not ${describe(value)}`);
        }
      }
    }
  }
}

/** `$push: { a: { $each: [...], $slice: -5 } }` stores the elements of $each; its other keys are modifiers. */
function checkPushed(value: unknown, where: string): void {
  if (isPlainObject(value) && "$each" in value) {
    const each = value.$each;
    if (!Array.isArray(each)) throw new NotStorableError(where, "$each needs an array");
    each.forEach((item, i) => {
      checkValue(item, `${where}.${i}`, new Set(), 2);
    });
    return;
  }
  checkValue(value, where, new Set(), 1);
}

/** A segment of an update path is a key (same rules as stored keys) or a positional operator. */
function assertUpdatePath(path: string, where: string): void {
  for (const part of path.split(".")) {
    if (part === "$" || /^\$\[[A-Za-z0-9]*\]$/.test(part)) continue;
    const problem = keyProblem(part);
    if (problem) throw new NotStorableError(where, problem);
  }
}

function checkValue(value: unknown, path: string, ancestors: Set<object>, depth: number): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) throw new NotStorableError(path, `${value} is not storable (finite numbers only)`);
      return;
    case "object":
      break;
    default:
      throw new NotStorableError(path, `${describe(value)} is not storable`);
  }
  if (value === null) return;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new NotStorableError(path, "an invalid Date is not storable");
    return;
  }
  if (value instanceof Uint8Array) return;
  if (Array.isArray(value)) {
    checkArray(value, path, ancestors, depth);
    return;
  }
  if (!isPlainObject(value)) throw new NotStorableError(path, `${describe(value)} is not storable`);
  checkObject(value, path, ancestors, depth);
}

function checkArray(value: unknown[], path: string, ancestors: Set<object>, depth: number): void {
  enter(value, path, ancestors, depth);
  value.forEach((item, i) => {
    // forEach skips holes; JSON and BSON would both turn a hole into null.
    if (item === undefined) throw new NotStorableError(`${path}.${i}`, "undefined inside an array (use null)");
    checkValue(item, `${path}.${i}`, ancestors, depth + 1);
  });
  if (Object.keys(value).length !== value.length) {
    throw new NotStorableError(path, "a sparse array or an array with extra properties is not storable");
  }
  ancestors.delete(value);
}

function checkObject(value: Record<string, unknown>, path: string, ancestors: Set<object>, depth: number): void {
  enter(value, path, ancestors, depth);
  for (const [key, item] of Object.entries(value)) {
    const problem = keyProblem(key);
    if (problem) throw new NotStorableError(`${path}.${key}`, problem);
    if (item !== undefined) checkValue(item, `${path}.${key}`, ancestors, depth + 1);
  }
  if (Object.getOwnPropertySymbols(value).length > 0) {
    throw new NotStorableError(path, "symbol-keyed properties are not storable");
  }
  ancestors.delete(value);
}

/** Cycle and depth check; shared (non-cyclic) references are fine, they are stored twice. */
function enter(value: object, path: string, ancestors: Set<object>, depth: number): void {
  if (ancestors.has(value)) throw new NotStorableError(path, "a cyclic reference is not storable");
  if (depth >= MAX_DEPTH) throw new NotStorableError(path, `nesting deeper than ${MAX_DEPTH} levels is not storable`);
  ancestors.add(value);
}

function keyProblem(key: string): string | undefined {
  if (key.startsWith("$")) return `the key ${JSON.stringify(key)} starts with "$" (reserved for operators and tags)`;
  if (key.includes(".")) return `the key ${JSON.stringify(key)} contains "." (read as a path)`;
  if (key.includes("\0")) return `the key ${JSON.stringify(key)} contains a NUL character`;
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "bigint") return "a BigInt";
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "function") return "a function";
  if (typeof value === "number") return String(value);
  if (typeof value !== "object") return `a ${typeof value}`;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? `a ${name}` : "an object of unknown class";
}
