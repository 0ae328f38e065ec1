import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import type { Logger } from "../../core/logger.ts";

/**
 * How often the checkpointer thread copies the WAL into the database file. Where the thread
 * shares the event loop's core, each run preempts it: every 250 ms made bench:song's
 * broadcast tail three times longer than every 2 s.
 */
export const CHECKPOINT_EVERY_MS = 2_000;
/**
 * WAL frames (pages of 4 KiB: 64 MiB) past which the thread also runs a RESTART
 * checkpoint, so the next write starts the WAL over. SQLite's own threshold is 1,000.
 */
export const RESTART_AT_FRAMES = 16_384;
/**
 * How long the thread's checkpoints wait for a reader or the writer. A RESTART checkpoint
 * holds new writers while it waits, so this bounds how long it can stop the event loop's
 * writes (a backup reading for minutes makes it give up and try again later instead).
 */
const CHECKPOINT_WAIT_MS = 100;
/** SQLite's own automatic checkpoint threshold (pages), restored if the thread fails. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1_000;
const STOP_TIMEOUT_MS = 2_000;

export interface CheckpointerOptions {
  file: string;
  log: Logger;
  everyMs?: number;
  restartAtFrames?: number;
}

/** One checkpoint's outcome, as `PRAGMA wal_checkpoint` reports it. */
export interface CheckpointReport {
  mode: "PASSIVE" | "RESTART";
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
 * its syncs block only its own thread. Under steady writes a PASSIVE checkpoint never
 * catches the WAL's end, and a WAL is started over only once fully checkpointed (it grew
 * by 30 MB/s in bench:song), so past RESTART_AT_FRAMES the thread follows it with a
 * RESTART checkpoint, which holds writers while it copies what the PASSIVE one left and
 * syncs: one short wait every 64 MiB of WAL instead of a checkpoint every 4 MiB. If the
 * thread dies, the main connection goes back to SQLite's automatic checkpoints.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  #runs = 0;
  #restarts = 0;
  #last: CheckpointReport | undefined;
  #stopping = false;

  readonly #log: Logger;

  constructor(
    private readonly db: Database.Database,
    { file, log, everyMs = CHECKPOINT_EVERY_MS, restartAtFrames = RESTART_AT_FRAMES }: CheckpointerOptions,
  ) {
    this.#log = log;
    db.pragma("wal_autocheckpoint = 0");
    this.#worker = new Worker(new URL("./checkpoint-worker.mjs", import.meta.url), {
      workerData: { file, everyMs, waitMs: CHECKPOINT_WAIT_MS, restartAtFrames },
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

  /** How many checkpoints ran (and of them RESTART ones), and the last one's outcome. */
  get stats(): CheckpointStats {
    return { runs: this.#runs, restarts: this.#restarts, last: this.#last };
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
      this.#log.warn({ error: message.message }, "sqlite wal checkpoint failed");
      return;
    }
    this.#runs++;
    if (message.mode === "RESTART") this.#restarts++;
    this.#last = { mode: message.mode, walFrames: message.walFrames, checkpointed: message.checkpointed, busy: message.busy };
  }

  #fallBack(err: Error): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#log.error({ err }, "sqlite checkpointer thread failed: the main connection checkpoints again");
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
  }
}

export interface CheckpointStats {
  runs: number;
  restarts: number;
  last: CheckpointReport | undefined;
}

type WorkerMessage =
  | ({ kind: "checkpoint" } & CheckpointReport)
  | { kind: "error"; message: string };
