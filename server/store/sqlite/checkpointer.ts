import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import type { Logger } from "../../core/logger.ts";

/** How often the checkpointer thread copies the WAL into the database file. */
export const CHECKPOINT_EVERY_MS = 1_000;
/** SQLite's own automatic checkpoint threshold (pages), restored if the thread fails. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1_000;
const STOP_TIMEOUT_MS = 2_000;

/** One checkpoint's outcome, as `PRAGMA wal_checkpoint` reports it. */
export interface CheckpointReport {
  /** Frames in the WAL when it ran. */
  walFrames: number;
  /** Of those, how many are now in the database file. */
  checkpointed: number;
  /** 1 when a reader or writer kept it from finishing (PASSIVE never waits). */
  busy: number;
}

/**
 * Runs the WAL's checkpoints on a thread of their own.
 *
 * SQLite checkpoints by itself when a commit leaves the WAL over 1,000 pages: that commit
 * then copies the WAL into the database file and syncs both (with synchronous=NORMAL the
 * checkpoints are the only syncs), 10 to 30 ms on this machine's disk, with the event
 * loop stopped. In bench:song, 70 % of the main thread's time in its busy stretches over
 * 6 ms was such commits, and they made the broadcast tail. So the main connection never
 * checkpoints (`wal_autocheckpoint = 0`) and a worker thread with its own connection runs a
 * PASSIVE checkpoint every CHECKPOINT_EVERY_MS: it never blocks a reader or a writer, and
 * its syncs block only its own thread. If the thread dies, the main connection goes back
 * to SQLite's automatic checkpoints, so the WAL never grows without bound.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  #runs = 0;
  #last: CheckpointReport | undefined;
  #stopping = false;

  constructor(
    private readonly db: Database.Database,
    file: string,
    private readonly log: Logger,
    everyMs = CHECKPOINT_EVERY_MS,
    busyTimeoutMs = 2_000,
  ) {
    db.pragma("wal_autocheckpoint = 0");
    this.#worker = new Worker(new URL("./checkpoint-worker.mjs", import.meta.url), {
      workerData: { file, everyMs, busyTimeoutMs },
      // Not the process's own flags: `--import`ed TypeScript does not load in a worker thread.
      execArgv: [],
    });
    this.#worker.unref(); // never what keeps the process alive; close() stops it
    this.#worker.on("message", (message: WorkerMessage) => this.#onMessage(message));
    this.#worker.on("error", (err) => this.#fallBack(err));
    this.#worker.on("exit", (code) => {
      if (!this.#stopping) this.#fallBack(new Error(`checkpointer thread exited with code ${code}`));
    });
  }

  /** How many checkpoints ran, and the last one's outcome. */
  get stats(): { runs: number; last: CheckpointReport | undefined } {
    return { runs: this.#runs, last: this.#last };
  }

  /** Stops the thread (its connection closed) before the main connection closes. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    const exited = once(this.#worker, "exit");
    this.#worker.postMessage("stop");
    const timer = setTimeout(() => void this.#worker.terminate(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  #onMessage(message: WorkerMessage): void {
    if (message.kind === "error") {
      this.log.warn({ error: message.message }, "sqlite wal checkpoint failed");
      return;
    }
    this.#runs++;
    this.#last = { walFrames: message.walFrames, checkpointed: message.checkpointed, busy: message.busy };
  }

  #fallBack(err: Error): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.log.error({ err }, "sqlite checkpointer thread failed: the main connection checkpoints again");
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
  }
}

type WorkerMessage =
  | { kind: "checkpoint"; walFrames: number; checkpointed: number; busy: number }
  | { kind: "error"; message: string };
