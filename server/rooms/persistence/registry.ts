import type { Logger } from "../../core/logger.ts";

/** What the registry needs of a persister. */
export interface Flushable {
  readonly roomType: string;
  readonly key: string;
  flush(): Promise<void>;
}

/**
 * The live persisters of this process. A persister joins when its room has loaded and
 * leaves when its final flush is over, so the app's stop() can wait for every save
 * (including finals already running) before it closes the store.
 */
export class PersisterRegistry {
  readonly #live = new Set<Flushable>();

  add(persister: Flushable): void {
    this.#live.add(persister);
  }

  delete(persister: Flushable): void {
    this.#live.delete(persister);
  }

  get size(): number {
    return this.#live.size;
  }

  /** Flushes every live persister at once; failures are logged (each persister also logged why). */
  async flushAll(log: Logger): Promise<{ flushed: number; failed: number }> {
    const live = [...this.#live];
    const results = await Promise.allSettled(live.map((p) => p.flush()));
    let failed = 0;
    results.forEach((result, i) => {
      if (result.status === "fulfilled") return;
      failed++;
      const p = live[i];
      log.error({ err: result.reason, roomType: p?.roomType, key: p?.key }, "ROOM CHANGES LOST: flush at shutdown failed");
    });
    if (live.length > 0) log.info({ flushed: live.length - failed, failed }, "room persisters flushed");
    return { flushed: live.length - failed, failed };
  }
}
