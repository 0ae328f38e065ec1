/**
 * Room persistence, a part a room composes (see persister.ts for the rules). In a room:
 *
 * ```ts
 * async onCreate(options) {
 *   this.persister = new RoomPersister(
 *     {
 *       roomType: "song", key: options.songId, createIfMissing: false,
 *       load: () => songs.loadState(options.songId),         // null = not found; throw = failed
 *       capture: () => Y.encodeStateAsUpdate(this.doc),      // read at each save
 *       save: (bytes) => songs.saveState(options.songId, bytes),
 *     },
 *     { log: this.log, metrics: deps.metrics, registry: deps.persisters },
 *   );
 *   const stored = await this.persister.load();              // RoomLoadError refuses the join
 *   ...
 *   this.doc.on("update", () => this.persister.markDirty());
 * }
 * onDispose() { return this.persister.dispose(); }           // final flush, never rejects
 * ```
 */
export { RoomLoadError, UnsavedChangesError } from "./errors.ts";
export { type PersisterDeps, type PersisterOptions, RoomPersister } from "./persister.ts";
export { type Flushable, PersisterRegistry } from "./registry.ts";
export { realScheduler, type Scheduler, type TimerHandle } from "./scheduler.ts";
