/**
 * Naming rules shared by both engines, so a name that works on sqlite also works on
 * mongo (and the other way round).
 */

/** Collection names double as SQLite table names, so they stay plain identifiers. */
export const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** Dotted field paths usable in indexes; nothing here can break out of a SQL literal. */
export const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

/** Index names: Mongo-style defaults (`a_1_b_-1`) and custom names of the same alphabet. */
export const INDEX_NAME = /^[A-Za-z0-9_.-]{1,120}$/;

/** Mongo's name for the implicit unique index on `_id`. */
export const ID_INDEX = "_id_";

export function assertCollectionName(name: string): void {
  // "sqlite_" is reserved by SQLite for its own tables.
  if (!COLLECTION_NAME.test(name) || name.startsWith("sqlite_")) {
    throw new TypeError(`invalid collection name ${JSON.stringify(name)}: expected /^[a-z][a-z0-9_]{0,62}$/`);
  }
}

export function assertFieldPath(path: string): void {
  if (!FIELD_PATH.test(path)) {
    throw new TypeError(`invalid field path ${JSON.stringify(path)} in an index`);
  }
}

export function assertIndexName(name: string): void {
  if (!INDEX_NAME.test(name) || name === ID_INDEX) {
    throw new TypeError(`invalid index name ${JSON.stringify(name)}`);
  }
}

/** Mongo's default index name: field and direction joined by `_`, e.g. `wallOwnerId_1_createdAt_-1`. */
export function defaultIndexName(fields: Record<string, 1 | -1>): string {
  return Object.entries(fields)
    .map(([field, dir]) => `${field}_${dir}`)
    .join("_");
}
