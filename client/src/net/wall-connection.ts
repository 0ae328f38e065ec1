import { Client, type Room } from "@colyseus/sdk";
import { PROTOCOL_VERSION, RoomName, ServerMessage } from "#schema/protocol.ts";
import type { WallEvent } from "#schema/replies/social.ts";

/** Watches one wall live: every stored change arrives as a `wall:event`. Owned by the profile view. */
export class WallConnection {
  #room: Room | null = null;

  /** True while live events arrive (a page without it refetches after its own edits). */
  get isOpen(): boolean {
    return this.#room?.connection?.isOpen === true;
  }

  async open(owner: string, onEvent: (event: WallEvent) => void): Promise<void> {
    const client = new Client(location.origin);
    this.#room = await client.joinOrCreate(RoomName.WALL, { protocol: PROTOCOL_VERSION, owner });
    this.#room.onMessage(ServerMessage.WALL_EVENT, (event: WallEvent) => onEvent(event));
  }

  async close(): Promise<void> {
    const room = this.#room;
    this.#room = null;
    if (room?.connection?.isOpen) await room.leave(true);
  }
}
