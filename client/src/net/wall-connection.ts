import { Client, type Room } from "@colyseus/sdk";
import { PROTOCOL_VERSION, RoomName } from "#schema/protocol.ts";

/** Watches one wall live: every stored change arrives as a `wall:event`. Owned by the profile page. */
export class WallConnection {
  #room: Room | null = null;

  async open(owner: string, onEvent: () => void): Promise<void> {
    const client = new Client(location.origin);
    this.#room = await client.joinOrCreate(RoomName.WALL, { protocol: PROTOCOL_VERSION, owner });
    this.#room.onMessage("wall:event", () => onEvent());
  }

  async close(): Promise<void> {
    const room = this.#room;
    this.#room = null;
    if (room?.connection?.isOpen) await room.leave(true);
  }
}
