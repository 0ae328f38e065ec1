import type { DocStore } from "../store/types.ts";
import type { SongLogDoc } from "./types.ts";

/**
 * A batch stays open this long after its first append. The commit, not the insert, was the
 * largest single cost left in bench:song (15 % of the room's CPU with one commit per turn on a
 * calm loop, where a turn rarely holds two updates); 2 ms gathers a busy process's appends
 * into a few commits a tick, like Postgres's commit_delay, for at most 2 ms more before an
 * ack. Relays to the other editors do not wait for it.
 */
export const GROUP_COMMIT_WINDOW_MS = 2;

interface Waiting {
  doc: SongLogDoc;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for the Song log. Every acknowledged Yjs update is appended before its ack
 * (SG74), and one SQLite transaction per update dominated the song room's CPU in
 * bench:song (the commit, not the insert). Appends made within GROUP_COMMIT_WINDOW_MS of
 * a batch's first (its event-loop turn and the next few), by any room, are written in one store batch (one transaction; a Mongo transaction), after
 * which each caller resolves: still stored before acknowledged, for the price of one
 * commit per turn. The batch is all or nothing on both engines, so when it fails each
 * append is retried on its own and fails or succeeds alone: one room's bad append never
 * refuses another room's update. Appends are written, and resolve, in the order they were
 * made (one batch at a time), so a room need not wait for one append before the next.
 */
export class LogBatch {
  #waiting: Waiting[] = [];
  #scheduled = false;
  /** Batches are written one after another, so the log is written in append order on every engine. */
  #tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: DocStore,
    private readonly collection: string,
    /** How long the first append of a batch waits for others (0: only its own event-loop turn). */
    private readonly windowMs = GROUP_COMMIT_WINDOW_MS,
  ) {}

  /** Resolves once `doc` is stored (in the turn's batch, or alone after a failed batch). */
  append(doc: SongLogDoc): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ doc, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      const write = () => {
        this.#tail = this.#tail.then(() => this.#flush());
      };
      if (this.windowMs > 0) setTimeout(write, this.windowMs);
      else setImmediate(write);
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#waiting;
    this.#waiting = [];
    this.#scheduled = false;
    if (batch.length === 1) return this.#alone(batch[0] as Waiting);
    try {
      await this.store.batch(batch.map((w) => ({ op: "insertOne" as const, collection: this.collection, doc: w.doc })));
    } catch {
      await Promise.all(batch.map((w) => this.#alone(w)));
      return;
    }
    for (const w of batch) w.resolve();
  }

  #alone(w: Waiting): Promise<void> {
    return this.store
      .collection<SongLogDoc>(this.collection)
      .insertOne(w.doc)
      .then(w.resolve, w.reject);
  }
}
