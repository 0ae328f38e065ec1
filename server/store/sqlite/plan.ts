import { isPlainObject } from "../doc-rules.ts";
import type { FindOptions, SortSpec } from "../types.ts";
import { fieldExpr, quoteIdent } from "./catalog.ts";

/**
 * Query pushdown: which part of a Mongo filter SQLite can answer from an index.
 *
 * Soundness rests on two rules the engine enforces on indexed paths (docs.ts, catalog.ts):
 * they hold only scalars (string, number, boolean, null) or are missing, and no array
 * lies along the path. Then Mongo's "array contains" matching never applies there, and
 * each pushed condition below selects exactly the documents mingo would.
 *
 * Mongo compares only within a type bracket ({ $lt: 5 } never matches "a" or true) while
 * SQLite orders NULL < numbers < text and stores JSON true/false as 1/0; every pushed
 * comparison therefore carries a json_type guard. The guard is not indexed, but SQLite
 * checks it on each row the index yields, so the index still drives the search.
 */

export interface QueryPlan {
  /** SQL after FROM: WHERE / ORDER BY / LIMIT, with `?` placeholders. */
  sql: string;
  params: unknown[];
  /** True when the WHERE clause selects exactly the filter's documents: mingo can be skipped. */
  exact: boolean;
  /** True when rows come back in the requested sort order. */
  ordered: boolean;
  /** True when skip and limit were applied by SQL. */
  paged: boolean;
}

type Scalar = string | number | boolean;
const RANGE_OPS: Record<string, string> = { $lt: "<", $lte: "<=", $gt: ">", $gte: ">=" };

export function planQuery(
  collection: string,
  filter: Record<string, unknown>,
  indexed: ReadonlySet<string>,
  options: FindOptions = {},
): QueryPlan {
  const where: string[] = [];
  const params: unknown[] = [];
  let exact = true;
  for (const [key, cond] of Object.entries(filter)) {
    const pushed = key === "$or" ? pushOr(cond, indexed) : indexed.has(key) ? pushField(key, cond) : undefined;
    if (!pushed) {
      exact = false;
      continue;
    }
    where.push(...pushed.clauses);
    params.push(...pushed.params);
  }
  const order = orderBy(options.sort, indexed);
  const ordered = order !== undefined || !hasSort(options.sort);
  const paged = exact && ordered;
  let sql = `FROM ${quoteIdent(collection)}`;
  if (where.length) sql += ` WHERE ${where.join(" AND ")}`;
  if (order) sql += ` ORDER BY ${order}`;
  if (paged && (options.limit !== undefined || options.skip !== undefined)) {
    // LIMIT -1 means "no limit" in SQLite.
    sql += " LIMIT ? OFFSET ?";
    params.push(options.limit && options.limit > 0 ? options.limit : -1, options.skip ?? 0);
  }
  return { sql, params, exact, ordered, paged };
}

function hasSort(sort: SortSpec | undefined): boolean {
  return sort !== undefined && Object.keys(sort).length > 0;
}

/** ORDER BY is pushed only over indexed paths, whose scalar-only values sort in Mongo's order. */
function orderBy(sort: SortSpec | undefined, indexed: ReadonlySet<string>): string | undefined {
  if (!hasSort(sort)) return undefined;
  const parts: string[] = [];
  for (const [field, dir] of Object.entries(sort ?? {})) {
    if (!indexed.has(field)) return undefined;
    parts.push(`${fieldExpr(field)} ${dir === -1 ? "DESC" : "ASC"}`);
  }
  return parts.join(", ");
}

interface Pushed {
  clauses: string[];
  params: unknown[];
}

/**
 * A top-level `$or` whose every branch pushes down whole, e.g. the `(createdAt, _id)`
 * cursor's `[{createdAt: {$lt: t}}, {createdAt: t, _id: {$lt: id}}]`. Anything less and
 * the whole `$or` is left to mingo (the other conditions still narrow by index).
 */
function pushOr(cond: unknown, indexed: ReadonlySet<string>): Pushed | undefined {
  if (!Array.isArray(cond) || cond.length === 0) return undefined;
  const branches: string[] = [];
  const params: unknown[] = [];
  for (const branch of cond) {
    if (!isPlainObject(branch)) return undefined;
    const entries = Object.entries(branch);
    if (entries.length === 0) return undefined;
    const clauses: string[] = [];
    for (const [key, c] of entries) {
      const pushed = indexed.has(key) ? pushField(key, c) : undefined;
      if (!pushed) return undefined;
      clauses.push(...pushed.clauses);
      params.push(...pushed.params);
    }
    branches.push(`(${clauses.join(" AND ")})`);
  }
  return { clauses: [`(${branches.join(" OR ")})`], params };
}

/** One top-level filter entry; undefined when SQL cannot express it exactly. */
function pushField(path: string, cond: unknown): Pushed | undefined {
  if (isScalar(cond)) return pushable(path, cond) ? compare(path, "=", cond) : undefined;
  if (!isPlainObject(cond)) return undefined;
  const entries = Object.entries(cond);
  if (entries.length === 0) return undefined;
  const out: Pushed = { clauses: [], params: [] };
  for (const [op, value] of entries) {
    const part = pushOperator(path, op, value);
    if (!part) return undefined;
    out.clauses.push(...part.clauses);
    out.params.push(...part.params);
  }
  return out;
}

function pushOperator(path: string, op: string, value: unknown): Pushed | undefined {
  if (op === "$eq") return isScalar(value) && pushable(path, value) ? compare(path, "=", value) : undefined;
  if (op === "$in") return pushIn(path, value);
  const sqlOp = RANGE_OPS[op];
  // Mongo ranges never match booleans against numbers; keep them to strings and numbers.
  if (sqlOp && (typeof value === "string" || isFiniteNumber(value)) && pushable(path, value)) {
    return compare(path, sqlOp, value);
  }
  return undefined;
}

function pushIn(path: string, value: unknown): Pushed | undefined {
  if (!Array.isArray(value)) return undefined;
  if (value.length === 0) return { clauses: ["0"], params: [] };
  const allStrings = value.every((v) => typeof v === "string");
  const allNumbers = value.every(isFiniteNumber) && path !== "_id";
  if (!allStrings && !allNumbers) return undefined;
  const expr = fieldExpr(path);
  const clauses = [`${expr} IN (${value.map(() => "?").join(", ")})`];
  const guard = typeGuard(path, value[0] as Scalar);
  if (guard) clauses.push(guard);
  return { clauses, params: [...value] };
}

function compare(path: string, sqlOp: string, value: Scalar): Pushed {
  const expr = fieldExpr(path);
  // JSON true/false come out of json_extract as 1/0; the guard tells them from numbers.
  const bound = typeof value === "boolean" ? (value ? 1 : 0) : value;
  const clauses = [`${expr} ${sqlOp} ?`];
  const guard = typeGuard(path, value);
  if (guard) clauses.push(guard);
  return { clauses, params: [bound] };
}

function typeGuard(path: string, value: Scalar): string | undefined {
  if (path === "_id") return undefined; // the id column only ever holds strings
  const json = `json_type(doc, '$.${path}')`;
  if (typeof value === "string") return `${json} = 'text'`;
  if (typeof value === "boolean") return `${json} = '${value ? "true" : "false"}'`;
  return `${json} IN ('integer', 'real')`;
}

/**
 * The id column has TEXT affinity, so SQLite would turn 5 into '5' and match `_id: "5"`;
 * Mongo would not. Non-string ids never match, and mingo says so without SQL's help.
 */
function pushable(path: string, value: Scalar): boolean {
  return path !== "_id" || typeof value === "string";
}

function isScalar(v: unknown): v is Scalar {
  return typeof v === "string" || typeof v === "boolean" || isFiniteNumber(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}
