import type { Config } from "../config.ts";
import type { Logger } from "../core/logger.ts";
import { createMigrator } from "./migrations/index.ts";
import type { DocStore } from "./types.ts";

export interface Migrator {
  pending(): Promise<string[]>;
}

export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(`pending migrations: ${pending.join(", ")}; run \`npm run migrate -- up\` or set MIGRATE_ON_START=true`);
    this.name = new.target.name;
  }
}

/** Applies pending migrations when MIGRATE_ON_START allows it; otherwise refuses to start on any. */
export async function prepareMigrations(store: DocStore, config: Readonly<Config>, log: Logger): Promise<Migrator> {
  const migrator = createMigrator(store, log);
  const pending = await migrator.pending();
  if (pending.length > 0) {
    if (!config.migrateOnStart) throw new PendingMigrationsError(pending);
    log.info({ pending }, "applying migrations");
    await migrator.up();
  }
  return migrator;
}
