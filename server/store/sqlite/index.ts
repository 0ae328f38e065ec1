export { openSqliteStore, SqliteStore, type SqliteStoreOptions } from "./store.ts";
