import type { Logger } from "../../core/logger.ts";
import type { Metrics } from "../../core/metrics.ts";
import { RoomLoadError, UnsavedChangesError } from "./errors.ts";
import type { PersisterRegistry } from "./registry.ts";
import { delay, realScheduler, type Scheduler, type TimerHandle } from "./scheduler.ts";

/**
 * A room's persistence part, shaped by what Hocuspocus learned the hard way:
 *
 * - #382: a document whose load failed stayed in memory empty and was later stored over
 *   the real one. Here `load()` either succeeds or throws RoomLoadError (the room's
 *   onCreate lets it propagate, so the join is refused), and a persister that never
 *   loaded refuses to save at all. "Not found" (the loader returns null) is told apart
 *   from "could not load" (the loader throws); only the caller decides whether a missing
 *   document may start empty.
 * - #997: a slow store let two saves of one document run at once. Here at most one save
 *   is in flight; requests made meanwhile coalesce into one follow-up save, which reads
 *   the state when it starts (so it carries the latest changes).
 *
 * Saves are debounced (`debounceMs` after the last change) but never wait longer than
 * `maxWaitMs` after the first unsaved change. A failed save is logged, counted in
 * /metrics and retried with exponential backoff until it succeeds; nothing is dropped
 * silently. `flush()` saves now (bounded retries), `dispose()` flushes one last time
 * and says loudly, in logs and metrics, what it could not save.
 */
export interface PersisterOptions<Loaded, Snapshot> {
  roomType: string;
  /** The document's identity, for logs and refusals (e.g. the song id). */
  key: string;
  /** The stored data, or null when there is none. Must throw (never return null) when it cannot tell. */
  load(): Promise<Loaded | null>;
  /** Whether a missing document may start empty (a new song) or refuses the room (a link to a deleted one). */
  createIfMissing: boolean;
  /** Reads the state to store; called at the start of every attempt, so each save takes the latest. */
  capture(): Snapshot;
  save(snapshot: Snapshot): Promise<void>;
  /** Quiet time after the last change before saving. Default 2000 ms. */
  debounceMs?: number;
  /** Longest an unsaved change waits, however busy the room. Default 10000 ms. */
  maxWaitMs?: number;
  /** First retry delay after a failed save; doubles per failure up to retryMaxMs. Defaults 500 / 30000 ms. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Attempts a flush (dispose, shutdown) makes before it gives up. Default 5. */
  flushAttempts?: number;
}

export interface PersisterDeps {
  log: Logger;
  metrics: Pick<Metrics, "roomSaveFailures" | "roomSaveDuration" | "roomSavesAbandoned">;
  scheduler?: Scheduler;
  /** Where the app finds live persisters to flush on shutdown. */
  registry?: PersisterRegistry;
}

type Phase = "new" | "open" | "failed" | "closing" | "closed";

const DEFAULTS = { debounceMs: 2_000, maxWaitMs: 10_000, retryBaseMs: 500, retryMaxMs: 30_000, flushAttempts: 5 };

export class RoomPersister<Loaded, Snapshot = Loaded> {
  readonly roomType: string;
  readonly key: string;
  readonly #opts: PersisterOptions<Loaded, Snapshot> & typeof DEFAULTS;
  readonly #deps: PersisterDeps;
  readonly #clock: Scheduler;
  readonly #log: Logger;
  #phase: Phase = "new";
  /** Changes marked so far, and how many of them the last good save covered. */
  #version = 0;
  #saved = 0;
  #timer: { handle: TimerHandle; kind: "debounce" | "retry" } | undefined;
  /** When the first unsaved change of the current debounce window was marked. */
  #windowStart: number | undefined;
  #inFlight: Promise<boolean> | undefined;
  #followUp = false;
  /** Consecutive failed attempts. */
  #failures = 0;
  #flushing = 0;
  #closing: Promise<void> | undefined;

  constructor(options: PersisterOptions<Loaded, Snapshot>, deps: PersisterDeps) {
    this.#opts = { ...DEFAULTS, ...options };
    this.#deps = deps;
    this.#clock = deps.scheduler ?? realScheduler;
    this.roomType = options.roomType;
    this.key = options.key;
    this.#log = deps.log.child({ component: "persistence", roomType: options.roomType, key: options.key });
  }

  /** True while some marked change is not yet stored. */
  get dirty(): boolean {
    return this.#version > this.#saved;
  }

  /** True while a save attempt runs. */
  get saving(): boolean {
    return this.#inFlight !== undefined;
  }

  /**
   * Loads the room's data, once. Returns null only for a missing document the caller
   * allowed to start empty; otherwise a failure throws RoomLoadError (let it out of onCreate).
   */
  async load(): Promise<Loaded | null> {
    if (this.#phase !== "new") throw new Error(`${this.roomType} ${this.key}: load() runs once`);
    let loaded: Loaded | null;
    try {
      loaded = await this.#opts.load();
    } catch (err) {
      this.#phase = "failed";
      this.#log.error({ err }, "room data could not be loaded; refusing to open the room");
      throw new RoomLoadError("load_failed", this.roomType, this.key, { cause: err });
    }
    if (loaded === null && !this.#opts.createIfMissing) {
      this.#phase = "failed";
      this.#log.info("room data not found; refusing to open the room");
      throw new RoomLoadError("not_found", this.roomType, this.key);
    }
    this.#phase = "open";
    this.#deps.registry?.add(this);
    return loaded;
  }

  /** Records that the state changed; a save follows after the debounce (or maxWait). */
  markDirty(): void {
    if (this.#phase !== "open" && this.#phase !== "closing") {
      // Saving without a successful load is how #382 wrote empty documents over real ones.
      throw new Error(`${this.roomType} ${this.key}: cannot save a room whose data is ${this.#phase}`);
    }
    this.#version++;
    // A pending retry, a running flush or the final flush will read the latest state anyway.
    if (this.#phase === "closing" || this.#flushing > 0 || this.#timer?.kind === "retry") return;
    const now = this.#clock.now();
    this.#windowStart ??= now;
    const due = Math.min(now + this.#opts.debounceMs, this.#windowStart + this.#opts.maxWaitMs);
    this.#schedule("debounce", due - now);
  }

  /**
   * Saves every change marked before the call, now; waits for a save in flight first.
   * Rejects with UnsavedChangesError after `flushAttempts` failed attempts (background
   * retries then resume while the room lives).
   */
  flush(): Promise<void> {
    if (this.#closing) return this.#closing;
    if (this.#phase !== "open") return Promise.resolve();
    const target = this.#version;
    return this.#flushUntil(() => target);
  }

  /** The last flush, then the persister stops. Never rejects: what it cannot save is logged and counted. */
  dispose(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#phase !== "open") {
      // Never loaded (or refused): there is nothing of ours to save, and saving would overwrite real data.
      this.#phase = "closed";
      return;
    }
    this.#phase = "closing";
    try {
      await this.#flushUntil(() => this.#version);
    } catch (err) {
      this.#deps.metrics.roomSavesAbandoned.inc({ room: this.roomType });
      this.#log.error(
        { err, unsavedChanges: this.#version - this.#saved, attempts: this.#opts.flushAttempts },
        "ROOM CHANGES LOST: the final save at dispose failed after every retry",
      );
    } finally {
      this.#clearTimer();
      this.#phase = "closed";
      this.#deps.registry?.delete(this);
    }
  }

  async #flushUntil(target: () => number): Promise<void> {
    this.#flushing++;
    this.#clearTimer();
    this.#windowStart = undefined;
    let failed = 0;
    try {
      while (this.#saved < target()) {
        if (this.#inFlight) {
          await this.#inFlight;
          continue;
        }
        if (await this.#attempt()) continue;
        failed++;
        if (failed >= this.#opts.flushAttempts) {
          throw new UnsavedChangesError(this.roomType, this.key, failed);
        }
        await delay(this.#clock, this.#backoff());
      }
    } finally {
      this.#flushing--;
      this.#resumeAfterFlush();
    }
  }

  /** Changes made during a flush, or a flush that gave up, go back to background saving. */
  #resumeAfterFlush(): void {
    if (this.#phase !== "open" || this.#flushing > 0 || !this.dirty || this.#timer) return;
    if (this.#failures > 0) this.#schedule("retry", this.#backoff());
    else this.#schedule("debounce", this.#opts.debounceMs);
  }

  #schedule(kind: "debounce" | "retry", ms: number): void {
    this.#clearTimer();
    const handle = this.#clock.setTimeout(() => this.#onTimer(), Math.max(0, ms));
    this.#timer = { handle, kind };
  }

  #clearTimer(): void {
    if (this.#timer) this.#clock.clearTimeout(this.#timer.handle);
    this.#timer = undefined;
  }

  #onTimer(): void {
    this.#timer = undefined;
    this.#windowStart = undefined;
    this.#startSave();
  }

  /** A background save: joins the one in flight as its single follow-up instead of running beside it. */
  #startSave(): void {
    if (this.#inFlight) {
      this.#followUp = true;
      return;
    }
    if (!this.dirty) return;
    void this.#attempt().then((ok) => this.#afterBackgroundSave(ok));
  }

  #afterBackgroundSave(ok: boolean): void {
    // A flush waiting on this attempt, or the final flush, takes over from here.
    if (this.#flushing > 0 || this.#phase !== "open") return;
    if (!ok) {
      this.#followUp = false;
      this.#schedule("retry", this.#backoff());
      return;
    }
    if (this.#followUp) {
      this.#followUp = false;
      this.#startSave();
    }
  }

  /** One save of the current state; resolves true when stored. Never rejects. */
  #attempt(): Promise<boolean> {
    const run = this.#saveOnce().then((ok) => {
      this.#inFlight = undefined;
      return ok;
    });
    this.#inFlight = run;
    return run;
  }

  async #saveOnce(): Promise<boolean> {
    const version = this.#version;
    const started = this.#clock.now();
    const room = this.roomType;
    try {
      await this.#opts.save(this.#opts.capture());
      this.#deps.metrics.roomSaveDuration.observe({ room, outcome: "ok" }, (this.#clock.now() - started) / 1000);
      this.#saved = Math.max(this.#saved, version);
      if (this.#failures > 0) this.#log.info({ failedAttempts: this.#failures }, "room saved after failed attempts");
      this.#failures = 0;
      return true;
    } catch (err) {
      this.#failures++;
      this.#deps.metrics.roomSaveDuration.observe({ room, outcome: "error" }, (this.#clock.now() - started) / 1000);
      this.#deps.metrics.roomSaveFailures.inc({ room });
      this.#log.error(
        { err, failedAttempts: this.#failures, unsavedChanges: this.#version - this.#saved },
        "room save failed; retrying",
      );
      return false;
    }
  }

  #backoff(): number {
    const exponent = Math.max(0, this.#failures - 1);
    return Math.min(this.#opts.retryMaxMs, this.#opts.retryBaseMs * 2 ** exponent);
  }
}
