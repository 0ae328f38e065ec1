/**
 * DocStore: one small, Mongo-shaped collection interface that repositories are written
 * against once. Engines: sqlite (embedded default) and mongo (official driver).
 * Filters and updates use MongoDB's operator language (mingo evaluates them on sqlite).
 */

export type Doc = { _id: string } & Record<string, unknown>;

/** A MongoDB-style query filter, e.g. `{ username: "ada", age: { $gte: 18 } }`. */
export type Filter = Record<string, unknown>;

/** Supported update operators: $set $unset $inc $push $pull $addToSet. */
export type Update = {
  $set?: Record<string, unknown>;
  $unset?: Record<string, unknown>;
  $inc?: Record<string, number>;
  $push?: Record<string, unknown>;
  $pull?: Record<string, unknown>;
  $addToSet?: Record<string, unknown>;
};

export type SortSpec = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: SortSpec;
  limit?: number;
  skip?: number;
  /** Inclusion (`{a: 1}`) or exclusion (`{a: 0}`) projection; `_id` is kept unless excluded. */
  projection?: Record<string, 0 | 1>;
}

export interface IndexSpec {
  /** Defaults to the Mongo-style name, e.g. `username_1`. */
  name?: string;
  /** Dotted field paths with direction, in order. */
  fields: Record<string, 1 | -1>;
  unique?: boolean;
}

export interface IndexInfo {
  name: string;
  fields: Record<string, 1 | -1>;
  unique: boolean;
}

export interface UpdateResult {
  matchedCount: number;
  modifiedCount: number;
  upsertedId?: string;
}

export interface DeleteResult {
  deletedCount: number;
}

export interface Collection<T extends Doc = Doc> {
  readonly name: string;
  /** Throws DuplicateKeyError when a unique index (or `_id`) would be violated. */
  insertOne(doc: T): Promise<void>;
  insertMany(docs: T[]): Promise<void>;
  findOne(filter: Filter, options?: Pick<FindOptions, "projection" | "sort">): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  countDocuments(filter?: Filter): Promise<number>;
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  deleteOne(filter: Filter): Promise<DeleteResult>;
  deleteMany(filter: Filter): Promise<DeleteResult>;
  createIndex(spec: IndexSpec): Promise<string>;
  dropIndex(name: string): Promise<void>;
  listIndexes(): Promise<IndexInfo[]>;
  /**
   * Where the engine can tell: a value that differs whenever the collection may have
   * changed since it was last read (SQLite: this process's writes and any other
   * connection's commits). Absent where it cannot (MongoDB, written by other processes).
   */
  changeStamp?(): string;
}

/** One write inside an atomic batch. */
export type BatchOp =
  | { op: "insertOne"; collection: string; doc: Doc }
  /**
   * `required`: the whole batch fails with MissingMatchError, changing nothing, unless this
   * matches a document (a reply with its parent's count: never a reply to a deleted post).
   */
  | { op: "updateOne"; collection: string; filter: Filter; update: Update; upsert?: boolean; required?: boolean }
  | { op: "updateMany"; collection: string; filter: Filter; update: Update }
  | { op: "deleteOne"; collection: string; filter: Filter }
  | { op: "deleteMany"; collection: string; filter: Filter };

/** Figures both engines expose to /metrics and /readyz. */
export interface PoolStats {
  /** Connections (mongo) or statements (sqlite) currently in use. */
  inUse: number;
  /** Operations waiting for a connection. */
  waiting: number;
  /** Checkouts or operations that failed for lack of a connection or a lock. */
  checkoutFailures: number;
  /** p99 of the wait for a connection (mongo) or of operation time (sqlite), ms, recent window. */
  waitP99Ms: number;
  /** Pool clears (mongo) since start. */
  poolCleared: number;
}

export type EngineName = "sqlite" | "mongo";

export interface DocStore {
  readonly engine: EngineName;
  collection<T extends Doc = Doc>(name: string): Collection<T>;
  /** Applies every op or none. */
  batch(ops: BatchOp[]): Promise<void>;
  /** Resolves when the store answers; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  poolStats(): PoolStats;
  listCollections(): Promise<string[]>;
  dropCollection(name: string): Promise<void>;
  close(): Promise<void>;
}
