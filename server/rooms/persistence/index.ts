/**
 * Room persistence, a part a room composes (see persister.ts for the rules). In a room:
 *
 * ```ts
 * async onCreate(options) {
 *   this.parts = composeRoom(this, deps, { roomType: RoomName.SONG, messages: SONG_MESSAGES });
 *   this.persister = this.parts.persist({
 *     roomType: "song", key: options.songId, createIfMissing: false,
 *     load: () => songs.loadState(options.songId),         // null = not found; throw = failed
 *     capture: () => Y.encodeStateAsUpdate(this.doc),      // read at each save
 *     save: (bytes) => songs.saveState(options.songId, bytes),
 *   });
 *   const stored = await this.persister.load();              // RoomLoadError refuses the join
 *   ...
 *   this.doc.on("update", () => this.persister.markDirty());
 * }
 * // No onDispose needed: composeRoom runs the final flush after the room's own onDispose.
 * ```
 *
 * Outside a composed room (tests), `new RoomPersister(options, { log, metrics, registry })`
 * and `dispose()` yourself.
 */
export { RoomLoadError, UnsavedChangesError } from "./errors.ts";
export { type PersisterDeps, type PersisterOptions, RoomPersister } from "./persister.ts";
export { type Flushable, PersisterRegistry } from "./registry.ts";
export { realScheduler, type Scheduler, type TimerHandle } from "./scheduler.ts";
