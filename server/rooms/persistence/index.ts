export { RoomLoadError, UnsavedChangesError } from "./errors.ts";
export { type PersisterDeps, type PersisterOptions, RoomPersister } from "./persister.ts";
export { type Flushable, PersisterRegistry } from "./registry.ts";
export { realScheduler, type Scheduler, type TimerHandle } from "./scheduler.ts";
