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
import type { SqliteEngine } from "./engine.ts";

/** Runs one synchronous unit of work with timing and error translation (the store's `run`). */
export type Runner = <R>(work: () => R) => R;

/**
 * The async Collection interface over the synchronous engine. Each call runs to the end
 * before it returns, so there is no interleaving between awaits inside one operation.
 */
export class SqliteCollection<T extends Doc = Doc> implements Collection<T> {
  constructor(
    readonly name: string,
    private readonly core: SqliteEngine,
    private readonly run: Runner,
  ) {}

  async insertOne(doc: T): Promise<void> {
    this.run(() => this.core.insert(this.name, [doc]));
  }

  /** All or nothing (one transaction), unlike Mongo's ordered insertMany which keeps the docs before a failure. */
  async insertMany(docs: T[]): Promise<void> {
    this.run(() => this.core.insert(this.name, docs));
  }

  async findOne(filter: Filter, options: Pick<FindOptions, "projection" | "sort"> = {}): Promise<T | null> {
    const [doc] = this.run(() => this.core.find(this.name, filter, { ...options, limit: 1 }));
    return (doc as T | undefined) ?? null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return this.run(() => this.core.find(this.name, filter, options)) as T[];
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    return this.run(() => this.core.count(this.name, filter));
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.run(() => this.core.update(this.name, filter, update, { multi: false, upsert: options.upsert === true }));
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    return this.run(() => this.core.update(this.name, filter, update, { multi: true }));
  }

  async deleteOne(filter: Filter): Promise<DeleteResult> {
    return { deletedCount: this.run(() => this.core.remove(this.name, filter, false)) };
  }

  async deleteMany(filter: Filter): Promise<DeleteResult> {
    return { deletedCount: this.run(() => this.core.remove(this.name, filter, true)) };
  }

  async createIndex(spec: IndexSpec): Promise<string> {
    return this.run(() => this.core.catalog.createIndex(this.name, spec));
  }

  async dropIndex(name: string): Promise<void> {
    this.run(() => this.core.catalog.dropIndex(this.name, name));
  }

  changeStamp(): string {
    return this.run(() => this.core.changeStamp(this.name));
  }

  async listIndexes(): Promise<IndexInfo[]> {
    return this.run(() => this.core.catalog.list(this.name));
  }
}
