/**
 * The engines the contract suite runs against. sqlite always; mongo only when
 * MONGODB_URL points at a server (no mongod exists on the CI machines, and the suite
 * reports itself as pending rather than pretending to pass).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { type MongoStore, openMongoStore } from "../../server/store/mongo/store.ts";
import { openSqliteStore, type SqliteStore } from "../../server/store/sqlite/store.ts";
import type { DocStore, EngineName, Filter, FindOptions } from "../../server/store/types.ts";

export const silentLogger = pino({ level: "silent" });

export interface Engine {
  name: EngineName;
  /** Set when the engine cannot run here; the suite then shows as pending with this reason. */
  skipReason?: string;
  /** An empty store. */
  fresh(): Promise<DocStore>;
  /** Closes `store` and opens the same data again. */
  reopen(store: DocStore): Promise<DocStore>;
  explain(store: DocStore, collection: string, filter: Filter, options?: FindOptions): Promise<string[]>;
  /** Plan reading: did it search the named index, scan everything, or sort in memory? */
  usesIndex(plan: string[], index: string): boolean;
  fullScan(plan: string[]): boolean;
  sortsInMemory(plan: string[]): boolean;
  teardown(): Promise<void>;
}

export function sqliteEngine(): Engine {
  let dir: string | undefined;
  let n = 0;
  const files = new WeakMap<DocStore, string>();
  const open = (file: string) => {
    const store = openSqliteStore({ file, logger: silentLogger });
    files.set(store, file);
    return store;
  };
  return {
    name: "sqlite",
    async fresh() {
      dir ??= mkdtempSync(path.join(tmpdir(), "neospace-contract-"));
      n++;
      return open(path.join(dir, `store-${n}.db`));
    },
    async reopen(store) {
      const file = files.get(store);
      if (!file) throw new Error("not a store of this harness");
      await store.close();
      return open(file);
    },
    async explain(store, collection, filter, options) {
      return (store as SqliteStore).explainFind(collection, filter, options);
    },
    // `SEARCH posts USING INDEX posts__createdAt_1 (<expr><?)`; `_id` uses SQLite's own primary-key index.
    usesIndex: (plan, index) =>
      plan.some((l) =>
        index === "_id_" ? /sqlite_autoindex|PRIMARY KEY/.test(l) : l.split(" ").includes(`${l.split(" ")[1]}__${index}`),
      ),
    fullScan: (plan) => plan.some((l) => /^SCAN \S+$/.test(l)),
    sortsInMemory: (plan) => plan.some((l) => l.includes("TEMP B-TREE")),
    async teardown() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A throw-away database on the server MONGODB_URL names; every test starts from empty collections. */
export function mongoEngine(url: string | undefined): Engine {
  const dbName = `neospace_contract_${process.pid}`;
  const open = () => openMongoStore({ url: url ?? "", logger: silentLogger, dbName, serverSelectionTimeoutMS: 5_000 });
  let last: DocStore | undefined;
  return {
    name: "mongo",
    ...(url ? {} : { skipReason: "MONGODB_URL not set; no mongod on this machine" }),
    async fresh() {
      const store = await open();
      for (const name of await store.listCollections()) await store.dropCollection(name);
      last = store;
      return store;
    },
    async reopen(store) {
      await store.close();
      last = await open();
      return last;
    },
    async explain(store, collection, filter, options) {
      return (store as MongoStore).explainFind(collection, filter, options);
    },
    usesIndex: (plan, index) =>
      plan.some((l) => (index === "_id_" ? /IDHACK|IXSCAN _id_/.test(l) : l.endsWith(` ${index}`))),
    fullScan: (plan) => plan.some((l) => l.startsWith("COLLSCAN")),
    sortsInMemory: (plan) => plan.some((l) => /^SORT\b/.test(l)),
    async teardown() {
      if (!last) return;
      const store = await open();
      for (const name of await store.listCollections()) await store.dropCollection(name);
      await store.close();
    },
  };
}

/** What each contract case gets: the engine and the store of the current test. */
export interface ContractContext {
  engine: Engine;
  store: DocStore;
}
