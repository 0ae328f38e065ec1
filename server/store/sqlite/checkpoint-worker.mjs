// The WAL checkpointer's thread (checkpointer.ts): its own connection to the database
// file, a PASSIVE checkpoint every `everyMs`, then a RESTART one when the WAL has grown to
// `restartAtFrames`, and a report to the main thread after each.
// Plain JavaScript: worker threads do not get the TypeScript loader.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, everyMs, waitMs, restartAtFrames } = workerData;
const db = new Database(file, { timeout: waitMs });
// A checkpoint syncs the WAL before copying it and the database file after (NORMAL, as on
// the main connection): the syncs are what must stay off the event loop.
db.pragma("synchronous = NORMAL");
// This connection never writes, so it would never checkpoint by itself either way.
db.pragma("wal_autocheckpoint = 0");

function checkpoint(mode) {
  const [result] = db.pragma(`wal_checkpoint(${mode})`);
  parentPort.postMessage({ kind: "checkpoint", mode, busy: result.busy, walFrames: result.log, checkpointed: result.checkpointed });
  return result;
}

const timer = setInterval(() => {
  try {
    // PASSIVE never waits, but under steady writes it never catches the WAL's end either,
    // and only a fully checkpointed WAL is started over. RESTART, right after a PASSIVE has
    // copied nearly everything, holds writers only while it copies the rest and syncs.
    const passive = checkpoint("PASSIVE");
    if (passive.log >= restartAtFrames) checkpoint("RESTART");
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
