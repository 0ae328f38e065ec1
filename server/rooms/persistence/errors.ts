import { ErrorCode } from "#schema/protocol.ts";
import { JoinRefusal } from "../../core/errors.ts";

/**
 * Why a room would not open: its data could not be loaded (`load_failed`, 503
 * STORE_UNAVAILABLE) or does not exist and the room may not create it (`not_found`, 404).
 * A JoinRefusal, so a throw from onCreate reaches the joining client as a refused join
 * with its code and status (core/errors.ts); never an empty room over real data.
 */
export class RoomLoadError extends JoinRefusal {
  constructor(
    readonly reason: "load_failed" | "not_found",
    readonly roomType: string,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(
      reason === "not_found" ? ErrorCode.NOT_FOUND : ErrorCode.STORE_UNAVAILABLE,
      reason === "not_found" ? `no ${roomType} named ${JSON.stringify(key)}` : `the ${roomType} could not be loaded; try again shortly`,
      options,
    );
    this.name = new.target.name;
  }
}

/** A flush gave up after its retries: the changes since the last good save are not stored. */
export class UnsavedChangesError extends Error {
  constructor(
    readonly roomType: string,
    readonly key: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`${roomType} ${key}: changes not saved after ${attempts} attempts`, options);
    this.name = new.target.name;
  }
}
