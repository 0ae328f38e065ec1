import { Room } from "@colyseus/core";
import type { Logger } from "../core/logger.ts";
import type { RoomParts } from "./parts/compose.ts";

export type { RoomDeps } from "./room-deps.ts";
export { composeRoom, type ComposeOptions, type RoomParts } from "./parts/compose.ts";
export {
  bytesMessage,
  type MessageContext,
  type MessageSpec,
  type MessageTable,
  message,
} from "../handlers/message-table.ts";

/**
 * The thin base of our rooms: it only holds the parts and logs uncaught exceptions
 * (Colyseus wires that handler in the Room constructor, so it must be a class method).
 * Everything else comes from composeRoom, called first in onCreate:
 *
 * ```ts
 * override onCreate() {
 *   this.parts = composeRoom(this, deps, { roomType: RoomName.X, messages: X_MESSAGES });
 * }
 * ```
 */
export abstract class GuardedRoom<State extends object> extends Room<{ state: State }> {
  parts!: RoomParts;

  protected get log(): Logger {
    return this.parts.log;
  }

  override onUncaughtException(err: Error, methodName: string): void {
    this.parts?.log.error({ err, methodName }, "uncaught exception in room");
  }
}
