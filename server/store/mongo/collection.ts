import { type Db, MongoServerError } from "mongodb";
import { assertIndexName, defaultIndexName, ID_INDEX } from "../names.ts";
import type {
  Collection,
  DeleteResult,
  Doc,
  Filter,
  FindOptions,
  IndexInfo,
  IndexSpec,
  Update,
  UpdateResult,
} from "../types.ts";
import { decodeRead } from "./codec.ts";
import { insertDocs, mongoFilter, updateMany, updateOne } from "./ops.ts";

/** Runs one driver call and turns its errors into the store's errors. */
export type Guard = <R>(work: () => Promise<R>) => Promise<R>;

/** NamespaceNotFound: the collection does not exist (yet). */
const NAMESPACE_NOT_FOUND = 26;

export class MongoCollection<T extends Doc = Doc> implements Collection<T> {
  constructor(
    readonly name: string,
    private readonly db: Db,
    private readonly guard: Guard,
  ) {}

  private get coll() {
    return this.db.collection(this.name);
  }

  insertOne(doc: T): Promise<void> {
    return this.guard(() => insertDocs(this.db, this.name, [doc]));
  }

  /** Ordered: on a duplicate, the docs before it stay inserted (the sqlite engine inserts none). */
  insertMany(docs: T[]): Promise<void> {
    return this.guard(() => insertDocs(this.db, this.name, docs));
  }

  findOne(filter: Filter, options: Pick<FindOptions, "projection" | "sort"> = {}): Promise<T | null> {
    return this.guard(async () => decodeRead((await this.coll.findOne(mongoFilter(filter), options)) as T | null));
  }

  find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.guard(
      async () => decodeRead(await this.coll.find(mongoFilter(filter), options).toArray()) as unknown as T[],
    );
  }

  countDocuments(filter: Filter = {}): Promise<number> {
    return this.guard(() => this.coll.countDocuments(mongoFilter(filter)));
  }

  updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.guard(() => updateOne(this.db, { collection: this.name, filter, update, upsert: options.upsert }));
  }

  updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return this.guard(() => updateMany(this.db, { collection: this.name, filter, update }));
  }

  deleteOne(filter: Filter): Promise<DeleteResult> {
    return this.guard(async () => ({ deletedCount: (await this.coll.deleteOne(mongoFilter(filter))).deletedCount }));
  }

  deleteMany(filter: Filter): Promise<DeleteResult> {
    return this.guard(async () => ({ deletedCount: (await this.coll.deleteMany(mongoFilter(filter))).deletedCount }));
  }

  createIndex(spec: IndexSpec): Promise<string> {
    const name = spec.name ?? defaultIndexName(spec.fields);
    assertIndexName(name);
    return this.guard(() => this.coll.createIndex(spec.fields, { name, unique: spec.unique === true }));
  }

  dropIndex(name: string): Promise<void> {
    return this.guard(async () => {
      await this.coll.dropIndex(name);
    });
  }

  listIndexes(): Promise<IndexInfo[]> {
    return this.guard(async () => {
      try {
        const raw = await this.coll.listIndexes().toArray();
        return raw.map((i) => ({
          name: String(i.name),
          fields: i.key as Record<string, 1 | -1>,
          // Mongo does not flag the _id index as unique, but it is.
          unique: i.unique === true || i.name === ID_INDEX,
        }));
      } catch (err) {
        if (err instanceof MongoServerError && err.code === NAMESPACE_NOT_FOUND) return [];
        throw err;
      }
    });
  }
}
