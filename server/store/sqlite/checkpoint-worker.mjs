// The WAL checkpointer's thread (checkpointer.ts): its own connection to the database
// file, a PASSIVE checkpoint every `everyMs`, a report to the main thread after each.
// Plain JavaScript: worker threads do not get the TypeScript loader.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, everyMs, busyTimeoutMs } = workerData;
const db = new Database(file, { timeout: busyTimeoutMs });
// A checkpoint syncs the WAL before copying it and the database file after (NORMAL, as on
// the main connection): the syncs are what must stay off the event loop.
db.pragma("synchronous = NORMAL");
// This connection never writes, so it would never checkpoint by itself either way.
db.pragma("wal_autocheckpoint = 0");

const timer = setInterval(() => {
  try {
    const [result] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ kind: "checkpoint", busy: result.busy, walFrames: result.log, checkpointed: result.checkpointed });
  } catch (err) {
    parentPort.postMessage({ kind: "error", message: err instanceof Error ? err.message : String(err) });
  }
}, everyMs);

parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
