import { type Db, MongoClient, MongoServerError } from "mongodb";
import type { Logger } from "../../core/logger.ts";
import { StoreUnavailableError } from "../errors.ts";
import { assertCollectionName } from "../names.ts";
import type { BatchOp, Collection, Doc, DocStore, Filter, FindOptions, PoolStats } from "../types.ts";
import { type Guard, MongoCollection } from "./collection.ts";
import { mapMongoError } from "./mongo-errors.ts";
import { applyBatchOp, mongoFilter, planStages } from "./ops.ts";
import { PoolMonitor } from "./pool.ts";
import { redactMongoUrl, scrubSecret } from "./redact.ts";

export interface MongoStoreOptions {
  /** mongodb:// or mongodb+srv:// connection string; its path names the database (default "neospace"). */
  url: string;
  /** Overrides the database named in the URL (tests use a throw-away one). */
  dbName?: string;
  logger: Logger;
  /** How long to look for a usable server before failing; also bounds startup. Default 5000. */
  serverSelectionTimeoutMS?: number;
  maxPoolSize?: number;
  /** How long an operation waits for a free pooled connection before failing. Default: driver's (none). */
  waitQueueTimeoutMS?: number;
}

const DEFAULT_DB = "neospace";
const NAMESPACE_NOT_FOUND = 26;

export class MongoStore implements DocStore {
  readonly engine = "mongo" as const;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly pool: PoolMonitor,
    /** The URL with its password masked: safe in messages. */
    readonly where: string,
  ) {}

  collection<T extends Doc = Doc>(name: string): Collection<T> {
    assertCollectionName(name);
    return new MongoCollection<T>(name, this.db, this.guard);
  }

  /**
   * All ops in one multi-document transaction. Transactions need a replica set or a
   * sharded cluster: on a standalone mongod this fails (run a one-node replica set,
   * `mongod --replSet rs0` + `rs.initiate()`, even in development).
   */
  async batch(ops: BatchOp[]): Promise<void> {
    for (const op of ops) assertCollectionName(op.collection);
    await this.guard(async () => {
      const session = this.client.startSession();
      try {
        await session.withTransaction(async () => {
          for (const op of ops) await applyBatchOp(this.db, op, session);
        });
      } finally {
        await session.endSession();
      }
    });
  }

  async ping(): Promise<void> {
    await this.guard(() => this.db.command({ ping: 1 }));
  }

  poolStats(): PoolStats {
    return this.pool.snapshot();
  }

  listCollections(): Promise<string[]> {
    return this.guard(async () => {
      const list = await this.db.listCollections({}, { nameOnly: true }).toArray();
      return list.map((c) => c.name).filter((n) => !n.startsWith("system.")).sort();
    });
  }

  dropCollection(name: string): Promise<void> {
    assertCollectionName(name);
    return this.guard(async () => {
      try {
        await this.db.dropCollection(name);
      } catch (err) {
        if (!(err instanceof MongoServerError && err.code === NAMESPACE_NOT_FOUND)) throw err;
      }
    });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Stage names of the winning plan of a find, e.g. ["LIMIT", "FETCH", "IXSCAN createdAt_1"]. */
  explainFind(collection: string, filter: Filter, options: FindOptions = {}): Promise<string[]> {
    assertCollectionName(collection);
    return this.guard(async () => {
      const explained = await this.db.collection(collection).find(mongoFilter(filter), options).explain("queryPlanner");
      return planStages(explained.queryPlanner?.winningPlan);
    });
  }

  private readonly guard: Guard = async (work) => {
    try {
      return await work();
    } catch (err) {
      throw mapMongoError(err, this.where);
    }
  };
}

/** Connects and pings; rejects with StoreUnavailableError naming the URL without its password. */
export async function openMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  const { url } = options;
  const where = redactMongoUrl(url);
  const logger = options.logger.child({ component: "store", engine: "mongo" });
  let client: MongoClient;
  try {
    client = new MongoClient(url, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5_000,
      // Same as the sqlite engine, where JSON drops undefined fields.
      ignoreUndefined: true,
      ...(options.maxPoolSize !== undefined && { maxPoolSize: options.maxPoolSize }),
      ...(options.waitQueueTimeoutMS !== undefined && { waitQueueTimeoutMS: options.waitQueueTimeoutMS }),
    });
  } catch (err) {
    throw new StoreUnavailableError(`invalid MongoDB URL ${where}: ${describe(err, url)}`);
  }
  const pool = new PoolMonitor(logger);
  pool.attach(client);
  try {
    await client.connect();
    const db = client.db(options.dbName ?? databaseName(url));
    await db.command({ ping: 1 });
    logger.info({ url: where, db: db.databaseName }, "mongo store open");
    return new MongoStore(client, db, pool, where);
  } catch (err) {
    await client.close().catch(() => undefined);
    // No `cause`: the driver's error can carry the full connection string.
    throw new StoreUnavailableError(`cannot reach MongoDB at ${where}: ${describe(err, url)}`);
  }
}

function describe(err: unknown, url: string): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return scrubSecret(text, url);
}

/** The database named in the URL path, e.g. mongodb://host/neospace?replicaSet=rs0. */
export function databaseName(url: string): string {
  const rest = url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, "");
  const beforeQuery = rest.split("?")[0] ?? "";
  const hostAndPath = beforeQuery.slice(beforeQuery.lastIndexOf("@") + 1);
  const slash = hostAndPath.indexOf("/");
  if (slash === -1) return DEFAULT_DB;
  try {
    return decodeURIComponent(hostAndPath.slice(slash + 1)) || DEFAULT_DB;
  } catch {
    return DEFAULT_DB;
  }
}
