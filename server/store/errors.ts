/** A unique index (or `_id`) would be violated. Maps to 409 CONFLICT. */
export class DuplicateKeyError extends Error {
  constructor(
    message: string,
    readonly index?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The store cannot be reached or used right now. Maps to 503 STORE_UNAVAILABLE. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
