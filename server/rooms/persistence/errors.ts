import { ServerError } from "@colyseus/core";
import { ErrorCode } from "#schema/protocol.ts";
import { joinRefusal } from "../join-refusal.ts";

/**
 * Why a room would not open: its data could not be loaded (`load_failed`, 503
 * STORE_UNAVAILABLE) or does not exist and the room may not create it (`not_found`, 404).
 * A ServerError, so a throw from onCreate reaches the joining client as a refused join
 * with the code tagged the way join-refusal.ts tags it; never an empty room over real data.
 */
export class RoomLoadError extends ServerError {
  constructor(
    readonly reason: "load_failed" | "not_found",
    readonly roomType: string,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    const refusal =
      reason === "not_found"
        ? joinRefusal(ErrorCode.NOT_FOUND, `no ${roomType} named ${JSON.stringify(key)}`)
        : joinRefusal(ErrorCode.STORE_UNAVAILABLE, `the ${roomType} could not be loaded; try again shortly`);
    super(refusal.code, refusal.message, options);
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
