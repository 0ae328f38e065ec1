import type { UmzugStorage } from "umzug";
import type { DocStore } from "../types.ts";

/** Where applied migrations are recorded, in the store itself so they travel with the data. */
export const MIGRATIONS_COLLECTION = "migrations";

type MigrationRecord = { _id: string; name: string; appliedAt: string };

/** umzug storage over a DocStore collection: one document per applied migration. */
export class DocStoreStorage implements UmzugStorage {
  constructor(private readonly store: DocStore) {}

  private get records() {
    return this.store.collection<MigrationRecord>(MIGRATIONS_COLLECTION);
  }

  /** insertOne, not upsert: a second runner applying the same step collides on _id instead of passing silently. */
  async logMigration({ name }: { name: string }): Promise<void> {
    await this.records.insertOne({ _id: name, name, appliedAt: new Date().toISOString() });
  }

  async unlogMigration({ name }: { name: string }): Promise<void> {
    await this.records.deleteOne({ _id: name });
  }

  async executed(): Promise<string[]> {
    const rows = await this.records.find({}, { sort: { _id: 1 } });
    return rows.map((r) => r.name);
  }
}
