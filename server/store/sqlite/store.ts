import Database from "better-sqlite3";
import type { Logger } from "../../core/logger.ts";
import { StoreUnavailableError } from "../errors.ts";
import { assertCollectionName } from "../names.ts";
import type { BatchOp, Collection, Doc, DocStore, Filter, FindOptions, PoolStats } from "../types.ts";
import { Catalog } from "./catalog.ts";
import { type CheckpointStats, WalCheckpointer } from "./checkpointer.ts";
import { SqliteCollection } from "./collection.ts";
import { SqliteEngine } from "./engine.ts";
import { isBusy, mapSqliteError } from "./sqlite-errors.ts";
import { OpStats } from "./stats.ts";

export interface SqliteStoreOptions {
  /** Path of the database file, or ":memory:". */
  file: string;
  logger: Logger;
  /**
   * How long a write waits for another connection's lock before failing with
   * StoreUnavailableError. better-sqlite3 waits synchronously, blocking the event loop,
   * so this stays short; only a second process (migrate CLI, backup) ever holds the lock.
   */
  busyTimeoutMs?: number;
  /** How often the checkpointer thread checkpoints the WAL (checkpointer.ts). */
  checkpointEveryMs?: number;
  /** WAL frames past which it also restarts the WAL (checkpointer.ts). */
  checkpointRestartAtFrames?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 2_000;

export class SqliteStore implements DocStore {
  readonly engine = "sqlite" as const;
  private readonly stats = new OpStats();
  private readonly collections = new Map<string, SqliteCollection>();

  constructor(
    private readonly db: Database.Database,
    private readonly core: SqliteEngine,
    readonly file: string,
    private readonly logger: Logger,
    private readonly busyTimeoutMs: number,
    /** Absent for an in-memory database (no WAL). */
    private readonly checkpointer?: WalCheckpointer,
  ) {}

  /** The WAL checkpoints run off the event loop so far; null without a checkpointer. */
  checkpointStats(): CheckpointStats | null {
    return this.checkpointer?.stats ?? null;
  }

  collection<T extends Doc = Doc>(name: string): Collection<T> {
    let coll = this.collections.get(name);
    if (!coll) {
      assertCollectionName(name);
      coll = new SqliteCollection(name, this.core, this.run);
      this.collections.set(name, coll);
    }
    return coll as unknown as Collection<T>;
  }

  async batch(ops: BatchOp[]): Promise<void> {
    for (const op of ops) assertCollectionName(op.collection);
    const all = this.db.transaction(() => {
      for (const op of ops) this.core.apply(op);
    });
    this.run(() => all());
  }

  async ping(): Promise<void> {
    this.run(() => this.db.prepare("SELECT 1").get());
  }

  poolStats(): PoolStats {
    return this.stats.snapshot();
  }

  async listCollections(): Promise<string[]> {
    return this.core.catalog.collections();
  }

  async dropCollection(name: string): Promise<void> {
    assertCollectionName(name);
    this.run(() => this.core.dropCollection(name));
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Its connection closes first: the main one is then the last, and SQLite checkpoints
    // the whole WAL and removes it as that closes.
    await this.checkpointer?.stop();
    try {
      // Lets SQLite refresh planner statistics it found stale during this session.
      this.db.pragma("optimize");
    } catch (err) {
      this.logger.warn({ err, file: this.file }, "sqlite optimize at close failed");
    }
    this.db.close();
  }

  /** EXPLAIN QUERY PLAN lines of the SELECT a find() would run: shows whether an index is used. */
  explainFind(collection: string, filter: Filter, options: FindOptions = {}): string[] {
    assertCollectionName(collection);
    return this.run(() => this.core.explain(collection, filter, options));
  }

  /** Times one synchronous unit of work and turns SQLite errors into store errors. */
  private readonly run = <R>(work: () => R): R => {
    const startedAt = this.stats.begin();
    try {
      return work();
    } catch (err) {
      // After the outermost rollback, DDL done inside it is gone too; resync the catalog.
      if (!this.db.inTransaction && this.db.open) this.core.catalog.reload();
      if (isBusy(err)) {
        this.stats.recordBusy();
        this.logger.warn({ file: this.file, busyTimeoutMs: this.busyTimeoutMs }, "sqlite database locked (SQLITE_BUSY)");
      }
      throw mapSqliteError(err, this.file, this.busyTimeoutMs);
    } finally {
      this.stats.end(startedAt);
    }
  };
}

/** Opens (creating if needed) the database file; throws StoreUnavailableError naming the file. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const { file } = options;
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const logger = options.logger.child({ component: "store", engine: "sqlite" });
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: busyTimeoutMs });
    const journalMode = configure(db, busyTimeoutMs);
    const core = new SqliteEngine(db, new Catalog(db));
    const checkpointer = journalMode === "wal" ? new WalCheckpointer(db, { file, log: logger, everyMs: options.checkpointEveryMs, restartAtFrames: options.checkpointRestartAtFrames }) : undefined;
    logger.info({ file, journalMode, checkpointThread: checkpointer !== undefined }, "sqlite store open");
    return new SqliteStore(db, core, file, logger, busyTimeoutMs, checkpointer);
  } catch (err) {
    db?.close();
    const mapped = mapSqliteError(err, file, busyTimeoutMs);
    if (mapped instanceof StoreUnavailableError) throw mapped;
    const message = err instanceof Error ? err.message : String(err);
    throw new StoreUnavailableError(`cannot open sqlite database ${file}: ${message}`, { cause: err });
  }
}

function configure(db: Database.Database, busyTimeoutMs: number): string {
  // WAL: readers never block the writer nor the writer readers, so a backup or
  // `migrate status` can read while the server writes. The first statement also
  // reads the file header, which is where a corrupt file shows up.
  const journalMode = String(db.pragma("journal_mode = WAL", { simple: true }));
  // With WAL, NORMAL skips the fsync on every commit (only checkpoints sync). A process
  // crash loses nothing; a power cut may lose the last commits but never corrupts the
  // file. The server makes many small writes, where a per-commit fsync would dominate.
  db.pragma("synchronous = NORMAL");
  // Same as the constructor's timeout; explicit so it shows in PRAGMA output.
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  return journalMode;
}
