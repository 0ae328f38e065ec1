/**
 * The other side of bench:song's side-by-side: a plain @hocuspocus/server 4 in its own
 * process (so it can be pinned to the core our server used), with the persistence a
 * Hocuspocus deployment would use: the SQLite pattern of @hocuspocus/extension-sqlite
 * (a `documents` table of name → the whole document state, `Y.encodeStateAsUpdate`),
 * written by `onStoreDocument`, which Hocuspocus debounces (2 s, at most every 10 s by
 * default). Its acknowledgement (SyncStatus) is sent once an update is applied in memory,
 * not once it is stored. No auth hook (every token is accepted), no per-client budgets.
 * Prints `{"port": N}` on stdout once listening. Argument: the SQLite file.
 */
import Database from "better-sqlite3";
import { Server } from "@hocuspocus/server";
import * as Y from "yjs";

const file = process.argv[2] ?? ":memory:";
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.exec("CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, data BLOB)");
const select = db.prepare<[string], { data: Buffer }>("SELECT data FROM documents WHERE name = ?");
const upsert = db.prepare("INSERT INTO documents (name, data) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data");
let stores = 0;

const server = new Server({
  port: 0,
  quiet: true,
  stopOnSignals: true,
  async onLoadDocument({ document }) {
    const row = select.get(document.name);
    if (row) Y.applyUpdate(document, new Uint8Array(row.data));
    return document;
  },
  async onStoreDocument({ documentName, document }) {
    upsert.run(documentName, Buffer.from(Y.encodeStateAsUpdate(document)));
    stores++;
  },
});

process.on("message", (m: unknown) => {
  if (m === "stats") process.send?.({ stores });
});

await server.listen(0);
const address = server.httpServer.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
