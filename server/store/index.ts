import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../core/logger.ts";
import { StoreUnavailableError } from "./errors.ts";
import { openMongoStore } from "./mongo/store.ts";
import { openSqliteStore } from "./sqlite/store.ts";
import type { DocStore } from "./types.ts";

export interface StoreConfig {
  /** When set, MongoDB is the store; otherwise the embedded SQLite file in dataDir. */
  mongodbUrl?: string;
  dataDir: string;
  logger: Logger;
}

/** The file the sqlite engine uses inside DATA_DIR. */
export const SQLITE_FILE = "neospace.db";

/** Opens the configured engine; rejects with StoreUnavailableError when it cannot be used. */
export async function openStore(config: StoreConfig): Promise<DocStore> {
  if (config.mongodbUrl) return openMongoStore({ url: config.mongodbUrl, logger: config.logger });
  try {
    await mkdir(config.dataDir, { recursive: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new StoreUnavailableError(`cannot create data directory ${config.dataDir}: ${message}`, { cause: err });
  }
  return openSqliteStore({ file: path.join(config.dataDir, SQLITE_FILE), logger: config.logger });
}
