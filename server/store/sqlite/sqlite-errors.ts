import { DuplicateKeyError, StoreUnavailableError } from "../errors.ts";
import { ID_INDEX } from "../names.ts";

/** SQLite result codes that mean "the file cannot be used right now", not "your query is wrong". */
const UNAVAILABLE = /^SQLITE_(IOERR|FULL|CANTOPEN|READONLY|PERM|AUTH|NOMEM)/;
const CORRUPT = /^SQLITE_(CORRUPT|NOTADB)/;
const BUSY = /^SQLITE_(BUSY|LOCKED)/;

export function sqliteCode(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

export function isBusy(err: unknown): boolean {
  return BUSY.test(sqliteCode(err) ?? "");
}

/**
 * Turns a better-sqlite3 error into one of the store's errors. `file` names the database
 * in every message so an operator knows which file to look at.
 */
export function mapSqliteError(err: unknown, file: string, busyTimeoutMs: number): unknown {
  const code = sqliteCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    const index = duplicateIndexName(message);
    return new DuplicateKeyError(`duplicate key: unique index ${index} would be violated`, index, { cause: err });
  }
  if (code && BUSY.test(code)) {
    return new StoreUnavailableError(
      `sqlite database ${file} is locked by another connection (${code} after waiting ${busyTimeoutMs} ms)`,
      { cause: err },
    );
  }
  if (code && CORRUPT.test(code)) {
    return new StoreUnavailableError(`sqlite file ${file} is corrupt or not a database (${code}: ${message})`, {
      cause: err,
    });
  }
  if (code && UNAVAILABLE.test(code)) {
    return new StoreUnavailableError(`sqlite database ${file} is unavailable (${code}: ${message})`, { cause: err });
  }
  if (err instanceof TypeError && /connection is not open/.test(message)) {
    return new StoreUnavailableError(`sqlite database ${file} is closed`, { cause: err });
  }
  return err;
}

/**
 * SQLite names the violated index as `index 'posts__name'` (expression indexes) or
 * `table.id` (the primary key); report it the way Mongo would (`name`, `_id_`).
 */
function duplicateIndexName(message: string): string {
  const named = /index '([^']+)'/.exec(message);
  if (named?.[1]) {
    const full = named[1];
    const sep = full.indexOf("__");
    return sep >= 0 ? full.slice(sep + 2) : full;
  }
  return ID_INDEX;
}
