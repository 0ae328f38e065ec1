import type Database from "better-sqlite3";
import { Query } from "mingo";
import { MissingMatchError } from "../errors.ts";
import { assertDoc } from "../doc-rules.ts";
import type { BatchOp, Doc, Filter, FindOptions, Update, UpdateResult } from "../types.ts";
import { assertStorableDoc, assertStorableUpdate } from "../values.ts";
import { type Catalog, quoteIdent } from "./catalog.ts";
import { decodeDoc, encodeDoc, plainBytes } from "./codec.ts";
import { applyUpdate, assertIndexable, assertUpdate, upsertDoc } from "./docs.ts";
import { planQuery, type QueryPlan } from "./plan.ts";

type DB = Database.Database;
type Statement = Database.Statement;
type Projection = NonNullable<FindOptions["projection"]>;

/** Distinct SQL shapes are few (one per query shape), but `$in` lists of many lengths could grow it. */
const STATEMENT_CACHE_LIMIT = 500;

/**
 * The synchronous core of the sqlite engine. Collections and batches share it; every
 * multi-statement operation runs in a transaction (nested ones become savepoints).
 */
export class SqliteEngine {
  private readonly statements = new Map<string, Statement>();
  /** Writes begun per collection on this connection (bumped first, so a rolled-back one counts too). */
  readonly #writes = new Map<string, number>();

  constructor(
    readonly db: DB,
    readonly catalog: Catalog,
  ) {}

  insert(collection: string, docs: Doc[]): void {
    this.#wrote(collection);
    this.db.transaction(() => {
      this.catalog.ensureTable(collection);
      const paths = this.catalog.indexedPaths(collection);
      const stmt = this.statement(`INSERT INTO ${quoteIdent(collection)} (id, doc) VALUES (?, ?)`);
      for (const doc of docs) {
        assertDoc(doc);
        assertStorableDoc(doc, collection);
        assertIndexable(doc, paths, collection);
        stmt.run(doc._id, encodeDoc(doc));
      }
    })();
  }

  find(collection: string, rawFilter: Filter, options: FindOptions = {}): Doc[] {
    const filter = plainBytes(rawFilter);
    const projection = options.projection;
    if (!projection || Object.keys(projection).length === 0) return this.select(collection, filter, options);
    if (!this.catalog.has(collection)) return [];
    const plan = planQuery(collection, filter, this.catalog.indexedPaths(collection), options);
    const fields = topLevelFields(projection);
    if (fields && plan.paged) return this.selectFields(plan, fields);
    return new Query({}).find(this.select(collection, filter, options, plan), projection).all() as Doc[];
  }

  count(collection: string, rawFilter: Filter): number {
    if (!this.catalog.has(collection)) return 0;
    const filter = plainBytes(rawFilter);
    const plan = planQuery(collection, filter, this.catalog.indexedPaths(collection));
    if (plan.exact) return this.statement(`SELECT COUNT(*) ${plan.sql}`, true).get(...plan.params) as number;
    const query = new Query(filter);
    let n = 0;
    for (const text of this.statement(`SELECT doc ${plan.sql}`, true).iterate(...plan.params)) {
      if (query.test(decodeDoc(text as string))) n++;
    }
    return n;
  }

  update(
    collection: string,
    rawFilter: Filter,
    rawUpdate: Update,
    opts: { multi: boolean; upsert?: boolean },
  ): UpdateResult {
    this.#wrote(collection);
    assertUpdate(rawUpdate);
    assertStorableUpdate(rawUpdate, collection);
    const filter = plainBytes(rawFilter);
    const update = plainBytes(rawUpdate);
    return this.db.transaction((): UpdateResult => {
      const docs = this.select(collection, filter, opts.multi ? {} : { limit: 1 });
      if (docs.length === 0) {
        if (!opts.upsert) return { matchedCount: 0, modifiedCount: 0 };
        const doc = upsertDoc(filter, update);
        this.insert(collection, [doc]);
        return { matchedCount: 0, modifiedCount: 0, upsertedId: doc._id };
      }
      const paths = this.catalog.indexedPaths(collection);
      const stmt = this.statement(`UPDATE ${quoteIdent(collection)} SET doc = ? WHERE id = ?`);
      let modified = 0;
      for (const doc of docs) {
        if (!applyUpdate(doc, update)) continue;
        assertIndexable(doc, paths, collection);
        stmt.run(encodeDoc(doc), doc._id);
        modified++;
      }
      return { matchedCount: docs.length, modifiedCount: modified };
    })();
  }

  remove(collection: string, rawFilter: Filter, multi: boolean): number {
    this.#wrote(collection);
    if (!this.catalog.has(collection)) return 0;
    const filter = plainBytes(rawFilter);
    const plan = planQuery(collection, filter, this.catalog.indexedPaths(collection));
    if (multi && plan.exact) return this.statement(`DELETE ${plan.sql}`).run(...plan.params).changes;
    return this.db.transaction(() => {
      const docs = this.select(collection, filter, multi ? {} : { limit: 1 });
      const stmt = this.statement(`DELETE FROM ${quoteIdent(collection)} WHERE id = ?`);
      for (const doc of docs) stmt.run(doc._id);
      return docs.length;
    })();
  }

  apply(op: BatchOp): void {
    switch (op.op) {
      case "insertOne":
        this.insert(op.collection, [op.doc]);
        return;
      case "updateOne": {
        const { matchedCount } = this.update(op.collection, op.filter, op.update, { multi: false, upsert: op.upsert === true });
        if (op.required && matchedCount === 0) throw new MissingMatchError(op.collection);
        return;
      }
      case "updateMany":
        this.update(op.collection, op.filter, op.update, { multi: true });
        return;
      case "deleteOne":
        this.remove(op.collection, op.filter, false);
        return;
      case "deleteMany":
        this.remove(op.collection, op.filter, true);
        return;
    }
  }

  /**
   * A value that differs whenever the collection may have changed since it was read:
   * this connection's writes to it, and SQLite's data_version, which moves when any other
   * connection (another process, the migrate CLI) commits. Equal stamps: same contents.
   */
  changeStamp(collection: string): string {
    return `${this.statement("PRAGMA data_version", true).get()}:${this.#writes.get(collection) ?? 0}`;
  }

  #wrote(collection: string): void {
    this.#writes.set(collection, (this.#writes.get(collection) ?? 0) + 1);
  }

  dropCollection(collection: string): void {
    this.#wrote(collection);
    this.catalog.dropCollection(collection);
    // Statements on the dropped table would fail anyway; free them.
    this.statements.clear();
  }

  /** EXPLAIN QUERY PLAN of the SELECT that find() would run, one line per plan step. */
  explain(collection: string, filter: Filter, options: FindOptions = {}): string[] {
    if (!this.catalog.has(collection)) return [];
    const plan = planQuery(collection, filter, this.catalog.indexedPaths(collection), options);
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN SELECT doc ${plan.sql}`).all(...plan.params);
    return (rows as { detail: string }[]).map((r) => r.detail);
  }

  /**
   * Matching documents, sorted, skipped and limited (projection is the caller's). SQL
   * does all of it when the plan is exact; otherwise mingo filters the candidate rows,
   * stopping early when the rows already come in order.
   */
  private select(collection: string, filter: Filter, options: FindOptions, planned?: QueryPlan): Doc[] {
    if (!this.catalog.has(collection)) return [];
    const plan = planned ?? planQuery(collection, filter, this.catalog.indexedPaths(collection), options);
    const stmt = this.statement(`SELECT doc ${plan.sql}`, true);
    if (plan.paged) return stmt.all(...plan.params).map((t) => decodeDoc(t as string));
    const skip = options.skip ?? 0;
    const limit = options.limit && options.limit > 0 ? options.limit : Number.POSITIVE_INFINITY;
    const enough = plan.ordered ? skip + limit : Number.POSITIVE_INFINITY;
    const query = plan.exact ? undefined : new Query(filter);
    const matches: Doc[] = [];
    for (const text of stmt.iterate(...plan.params)) {
      const doc = decodeDoc(text as string);
      if (query && !query.test(doc)) continue;
      matches.push(doc);
      if (matches.length >= enough) break;
    }
    if (plan.ordered) return matches.slice(skip, skip + limit);
    let cursor = new Query({}).find(matches).sort(options.sort ?? {});
    if (skip > 0) cursor = cursor.skip(skip);
    if (Number.isFinite(limit)) cursor = cursor.limit(limit);
    return cursor.all() as Doc[];
  }

  /**
   * A projection of top-level fields, read by SQL when SQL also does the filtering and the
   * order (a paged plan): only the named fields are decoded, not whole documents (re-auth
   * reads the sessions of every seated client this way).
   */
  private selectFields(plan: QueryPlan, fields: string[]): Doc[] {
    // Each field as (its JSON, its type): the type is NULL only when the field is missing,
    // so a stored null is kept and a missing field left out, as Mongo does.
    const columns = fields.map((f) => `doc -> '$.${f}', json_type(doc, '$.${f}')`).join(", ");
    const rows = this.statement(`SELECT json_array(${columns}) ${plan.sql}`, true).all(...plan.params) as string[];
    return rows.map((text) => {
      const values = decodeDoc(text) as unknown as unknown[];
      const doc: Record<string, unknown> = {};
      fields.forEach((f, i) => {
        if (values[2 * i + 1] !== null) doc[f] = values[2 * i];
      });
      return doc as Doc;
    });
  }

  private statement(sql: string, pluck = false): Statement {
    const key = pluck ? `pluck:${sql}` : sql;
    let stmt = this.statements.get(key);
    if (!stmt) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      stmt = this.db.prepare(sql);
      if (pluck) stmt.pluck();
      this.statements.set(key, stmt);
    }
    return stmt;
  }
}

/** Plain names only: they go into a JSON path, and a `$` or a dot would mean something else. */
const PLAIN_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The fields an inclusion projection of top-level names keeps, `_id` first unless it is
 * excluded; null for any other projection (nested paths, exclusions).
 */
function topLevelFields(projection: Projection): string[] | null {
  let keepId = true;
  const fields: string[] = [];
  for (const [key, value] of Object.entries(projection)) {
    if (key === "_id" && value === 0) keepId = false;
    else if (PLAIN_FIELD.test(key) && value === 1) {
      if (key !== "_id") fields.push(key);
    } else return null;
  }
  if (!keepId && fields.length === 0) return null; // `{_id: 0}` alone excludes: every other field stays
  return keepId ? ["_id", ...fields] : fields;
}
