import { Umzug } from "umzug";
import type { Logger } from "../../core/logger.ts";
import type { DocStore } from "../types.ts";
import { DocStoreStorage } from "./storage.ts";
import type { Migration } from "./types.ts";

export interface MigrationStatus {
  executed: string[];
  pending: string[];
}

export interface Migrator {
  /** Applies every pending migration; returns the names applied. */
  up(): Promise<string[]>;
  /** Reverts the last applied migration; returns the name reverted (none when nothing was applied). */
  down(): Promise<string[]>;
  /** Leaves exactly the migrations up to and including `name` applied; "0" reverts all. */
  to(name: string): Promise<{ applied: string[]; reverted: string[] }>;
  status(): Promise<MigrationStatus>;
  pending(): Promise<string[]>;
}

/** Name that means "before the first migration" in `to()`. */
export const ZERO = "0";

export function buildMigrator(store: DocStore, logger: Logger, migrations: readonly Migration[]): Migrator {
  assertOrdered(migrations);
  const log = logger.child({ component: "migrate" });
  const umzug = new Umzug<DocStore>({
    migrations: migrations.map((m) => ({
      name: m.name,
      up: ({ context }) => m.up(context),
      down: ({ context }) => m.down(context),
    })),
    context: store,
    storage: new DocStoreStorage(store),
    logger: {
      info: (msg) => log.info(msg, "migration"),
      warn: (msg) => log.warn(msg, "migration"),
      error: (msg) => log.error(msg, "migration"),
      debug: (msg) => log.debug(msg, "migration"),
    },
  });
  const names = (list: { name: string }[]) => list.map((m) => m.name);
  const status = async (): Promise<MigrationStatus> => ({
    executed: names(await umzug.executed()),
    pending: names(await umzug.pending()),
  });

  return {
    up: async () => names(await umzug.up()),
    down: async () => names(await umzug.down()),
    status,
    pending: async () => names(await umzug.pending()),
    to: async (name) => {
      if (name === ZERO) return { applied: [], reverted: names(await umzug.down({ to: 0 })) };
      if (!migrations.some((m) => m.name === name)) throw new Error(`unknown migration ${JSON.stringify(name)}`);
      const { executed } = await status();
      const at = executed.indexOf(name);
      if (at === -1) return { applied: names(await umzug.up({ to: name })), reverted: [] };
      const firstAfter = executed[at + 1];
      // umzug's down({ to }) reverts down to and including `to`: aim at the one after `name`.
      if (firstAfter === undefined) return { applied: [], reverted: [] };
      return { applied: [], reverted: names(await umzug.down({ to: firstAfter })) };
    },
  };
}

/** Names must be unique and sorted: apply order is the list order, and people read it by name. */
function assertOrdered(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    const prev = migrations[i - 1]?.name ?? "";
    const cur = migrations[i]?.name ?? "";
    if (cur <= prev) throw new Error(`migrations out of order: ${prev} then ${cur}`);
  }
}
