import type Database from "better-sqlite3";
import { assertFieldPath, assertIndexName, defaultIndexName, ID_INDEX } from "../names.ts";
import type { IndexInfo, IndexSpec } from "../types.ts";

type DB = Database.Database;

/** Index definitions live here so listIndexes works and indexes survive restarts. */
const META_TABLE = "_indexes";

const ID_INDEX_INFO: IndexInfo = { name: ID_INDEX, fields: { _id: 1 }, unique: true };

/** The SQL expression for a field; it must match the index expression text exactly for SQLite to use the index. */
export function fieldExpr(path: string): string {
  return path === "_id" ? "id" : `json_extract(doc, '$.${path}')`;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** SQLite index names are per database, so they carry the collection name. */
function sqlIndexName(collection: string, name: string): string {
  return quoteIdent(`${collection}__${name}`);
}

/**
 * Tables and index definitions of one database, cached in memory. This process is the
 * only writer of the schema, so the cache is refreshed by its own DDL.
 */
export class Catalog {
  private readonly tables = new Set<string>();
  private readonly indexes = new Map<string, IndexInfo[]>();

  constructor(private readonly db: DB) {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${META_TABLE} (collection TEXT NOT NULL, name TEXT NOT NULL, ` +
        "fields TEXT NOT NULL, uniq INTEGER NOT NULL, PRIMARY KEY (collection, name))",
    );
    this.load();
  }

  has(collection: string): boolean {
    return this.tables.has(collection);
  }

  collections(): string[] {
    return [...this.tables].sort();
  }

  /** Collections come into being on first write or index, as in Mongo. */
  ensureTable(collection: string): void {
    if (this.tables.has(collection)) return;
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdent(collection)} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
    this.tables.add(collection);
  }

  /** Every dotted path that appears in some declared index of the collection. */
  indexedPaths(collection: string): Set<string> {
    const paths = new Set<string>(["_id"]);
    for (const info of this.indexes.get(collection) ?? []) {
      for (const field of Object.keys(info.fields)) paths.add(field);
    }
    return paths;
  }

  list(collection: string): IndexInfo[] {
    if (!this.tables.has(collection)) return [];
    return [ID_INDEX_INFO, ...(this.indexes.get(collection) ?? [])].map(cloneInfo);
  }

  createIndex(collection: string, spec: IndexSpec): string {
    const fields = validateFields(spec.fields);
    const name = spec.name ?? defaultIndexName(fields);
    assertIndexName(name);
    const unique = spec.unique === true;
    const existing = this.indexes.get(collection)?.find((i) => i.name === name);
    if (existing) {
      if (sameDefinition(existing, fields, unique)) return name;
      throw new Error(`index ${name} already exists on ${collection} with a different definition`);
    }
    this.db.transaction(() => {
      this.ensureTable(collection);
      this.assertScalarPaths(collection, Object.keys(fields));
      const exprs = Object.entries(fields).map(([f, dir]) => `${fieldExpr(f)}${dir === -1 ? " DESC" : ""}`);
      this.db.exec(
        `CREATE ${unique ? "UNIQUE " : ""}INDEX ${sqlIndexName(collection, name)} ` +
          `ON ${quoteIdent(collection)} (${exprs.join(", ")})`,
      );
      this.db
        .prepare(`INSERT INTO ${META_TABLE} (collection, name, fields, uniq) VALUES (?, ?, ?, ?)`)
        .run(collection, name, JSON.stringify(fields), unique ? 1 : 0);
    })();
    this.indexes.set(collection, [...(this.indexes.get(collection) ?? []), { name, fields, unique }]);
    return name;
  }

  dropIndex(collection: string, name: string): void {
    if (name === ID_INDEX) throw new Error("cannot drop the _id_ index");
    const list = this.indexes.get(collection) ?? [];
    if (!list.some((i) => i.name === name)) throw new Error(`index not found with name [${name}] on ${collection}`);
    this.db.transaction(() => {
      this.db.exec(`DROP INDEX IF EXISTS ${sqlIndexName(collection, name)}`);
      this.db.prepare(`DELETE FROM ${META_TABLE} WHERE collection = ? AND name = ?`).run(collection, name);
    })();
    this.indexes.set(
      collection,
      list.filter((i) => i.name !== name),
    );
  }

  /** Returns false when there was nothing to drop (Mongo answers the same way). */
  dropCollection(collection: string): boolean {
    if (!this.tables.has(collection)) return false;
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${quoteIdent(collection)}`);
      this.db.prepare(`DELETE FROM ${META_TABLE} WHERE collection = ?`).run(collection);
    })();
    this.tables.delete(collection);
    this.indexes.delete(collection);
    return true;
  }

  /**
   * Pushdown assumes indexed paths hold scalars and cross no arrays (see plan.ts). Refuse
   * an index over existing data that breaks that, rather than answer queries wrongly.
   */
  private assertScalarPaths(collection: string, paths: string[]): void {
    for (const path of paths) {
      if (path === "_id") continue;
      const parts = path.split(".");
      const checks = parts.map((_, i) => `json_type(doc, '$.${parts.slice(0, i + 1).join(".")}') = 'array'`);
      checks.push(`json_type(doc, '$.${path}') = 'object'`);
      const bad = this.db
        .prepare(`SELECT id FROM ${quoteIdent(collection)} WHERE ${checks.join(" OR ")} LIMIT 1`)
        .get() as { id: string } | undefined;
      if (bad) {
        throw new TypeError(
          `cannot index ${collection}.${path}: document ${bad.id} holds an array or object there ` +
            "(the sqlite engine indexes scalar fields only)",
        );
      }
    }
  }

  /**
   * Re-reads tables and indexes from the file. A rolled-back transaction also undoes the
   * DDL it ran (a table created by a failed first insert), which the cache cannot see.
   */
  reload(): void {
    this.tables.clear();
    this.indexes.clear();
    this.load();
  }

  private load(): void {
    const tables = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB '[a-z]*' AND name NOT GLOB 'sqlite_*'")
      .all() as { name: string }[];
    for (const t of tables) this.tables.add(t.name);
    const rows = this.db
      .prepare(`SELECT collection, name, fields, uniq FROM ${META_TABLE} ORDER BY rowid`)
      .all() as { collection: string; name: string; fields: string; uniq: number }[];
    for (const r of rows) {
      const info: IndexInfo = { name: r.name, fields: JSON.parse(r.fields), unique: r.uniq === 1 };
      this.indexes.set(r.collection, [...(this.indexes.get(r.collection) ?? []), info]);
    }
  }
}

function validateFields(fields: Record<string, 1 | -1>): Record<string, 1 | -1> {
  const entries = Object.entries(fields);
  if (entries.length === 0) throw new TypeError("an index needs at least one field");
  for (const [path, dir] of entries) {
    if (path !== "_id") assertFieldPath(path);
    if (dir !== 1 && dir !== -1) throw new TypeError(`index direction of ${path} must be 1 or -1`);
  }
  return { ...fields };
}

function sameDefinition(info: IndexInfo, fields: Record<string, 1 | -1>, unique: boolean): boolean {
  return info.unique === unique && JSON.stringify(info.fields) === JSON.stringify(fields);
}

function cloneInfo(info: IndexInfo): IndexInfo {
  return { name: info.name, fields: { ...info.fields }, unique: info.unique };
}
