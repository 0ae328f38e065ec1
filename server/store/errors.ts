/** Base of every error the store throws on purpose; `instanceof StoreError` tells them from bugs elsewhere. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A unique index (or `_id`) would be violated. Maps to 409 CONFLICT. */
export class DuplicateKeyError extends StoreError {
  constructor(
    message: string,
    readonly index?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A batch's `required` update matched no document: the batch changed nothing. */
export class MissingMatchError extends StoreError {
  constructor(readonly collection: string) {
    super(`a required update matched nothing in ${collection}: the batch changed nothing`);
  }
}

/** The store cannot be reached or used right now. Maps to 503 STORE_UNAVAILABLE. */
export class StoreUnavailableError extends StoreError {}

/**
 * A value no engine can keep as given (a function, a Map, NaN, a cycle, a `$key`, ...).
 * Refused before anything is written, on every engine, rather than stored mangled.
 * A programming error, not bad user input: it maps to 500 INTERNAL.
 */
export class NotStorableError extends StoreError {
  constructor(
    /** Where the value sits, e.g. `songs.verses.2.onEdit` (collection first). */
    readonly path: string,
    /** What is wrong with it, e.g. `a function`. */
    readonly reason: string,
  ) {
    super(`cannot store ${path}: ${reason}`);
  }
}
