import * as Y from "yjs";

/** Where a turn's relays go: the room's clients. */
export interface RelayOut<C> {
  /** One frame to every client but those in `except` (encoded once). */
  broadcast(type: string, bytes: Uint8Array, except: readonly C[]): void;
}

interface PendingUpdate<C> {
  update: Uint8Array;
  from: C;
}

interface PendingFrame<C> {
  type: string;
  bytes: Uint8Array;
  from: C | undefined;
}

/** A turn's updates past this many bytes go out at once (a paste need not wait for the rest). */
const FLUSH_AT_BYTES = 128_000;

/**
 * Collects the Yjs updates a Song room takes in one event-loop turn and sends each client
 * one merged update instead of one frame per update, as Hocuspocus does (its flushDelay 0).
 * Under load the loop reads many frames per turn: five editors typing become one frame per
 * reader, not four, which is what keeps the broadcast tail short (bench:song). The flush runs
 * in setImmediate, right after the poll phase that read the frames, so a calm room adds no
 * delay. A turn with one writer is not echoed to them. Other frames (awareness) queued in the
 * same turn follow the updates in the order they came, so a cursor never arrives before
 * the text it points into.
 */
export class TurnRelay<C> {
  #updates: PendingUpdate<C>[] = [];
  #frames: PendingFrame<C>[] = [];
  #bytes = 0;
  #scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly out: RelayOut<C>,
    /** Wraps a Yjs update in the wire message (y-protocols' update message). */
    private readonly wrap: (update: Uint8Array) => Uint8Array,
    private readonly updateType: string,
  ) {}

  /** Queues an update `from` a client took; everyone else receives it this turn. */
  update(update: Uint8Array, from: C): void {
    this.#updates.push({ update, from });
    this.#bytes += update.byteLength;
    if (this.#bytes >= FLUSH_AT_BYTES) this.flush();
    else this.#schedule();
  }

  /** Queues a frame for everyone but `from`, sent after this turn's updates. */
  frame(type: string, bytes: Uint8Array, from?: C): void {
    this.#frames.push({ type, bytes, from });
    this.#schedule();
  }

  /** Sends what is queued now (before a structural op, so prose and structure keep their order). */
  flush(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = null;
    const updates = this.#updates;
    const frames = this.#frames;
    this.#updates = [];
    this.#frames = [];
    this.#bytes = 0;
    if (updates.length > 0) this.#sendUpdates(updates);
    for (const f of frames) this.out.broadcast(f.type, f.bytes, f.from === undefined ? [] : [f.from]);
  }

  /** Drops what is queued (the room is closing: nobody is left to receive it). */
  discard(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = null;
    this.#updates = [];
    this.#frames = [];
    this.#bytes = 0;
  }

  #schedule(): void {
    this.#scheduled ??= setImmediate(() => this.flush());
  }

  /**
   * One merge per turn. With one writer the frame is all theirs, so they are left out. With
   * several, the writers get the same frame: it carries their own changes back too (Yjs skips
   * what a document has), because a merge per writer cost more CPU in bench:song than the echo
   * costs bytes.
   */
  #sendUpdates(updates: PendingUpdate<C>[]): void {
    const writers = new Set(updates.map((u) => u.from));
    this.out.broadcast(this.updateType, this.wrap(merged(updates)), writers.size === 1 ? [...writers] : []);
  }
}

function merged<C>(updates: readonly PendingUpdate<C>[]): Uint8Array {
  const [only] = updates;
  if (updates.length === 1 && only) return only.update;
  return Y.mergeUpdates(updates.map((u) => u.update));
}
