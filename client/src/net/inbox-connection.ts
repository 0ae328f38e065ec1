import { Client, type Room } from "@colyseus/sdk";
import { PROTOCOL_VERSION, RoomName, ServerMessage } from "#schema/protocol.ts";
import type { InboxEvent } from "#schema/replies/notifications.ts";

/** Wait before rejoining after the inbox drops (a restart, a network change); doubles up to a minute. */
const RETRY_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/**
 * The signed-in user's `inbox` room: the unread count and each new notification, pushed
 * live in every view. It is its own small connection (not the world's) because the bell
 * must work on the profile, the feed and the Codeground, where no space is joined; the
 * room is per user (the server picks it from the session) and takes no messages.
 */
export class InboxConnection {
  #room: Room | null = null;
  #wanted = false;
  #retry = RETRY_MS;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onEvent: (event: InboxEvent) => void) {}

  open(): void {
    this.#wanted = true;
    void this.#join();
  }

  async close(): Promise<void> {
    this.#wanted = false;
    clearTimeout(this.#timer);
    const room = this.#room;
    this.#room = null;
    if (room?.connection?.isOpen) await room.leave(true).catch(() => undefined);
  }

  async #join(): Promise<void> {
    try {
      const room = await new Client(location.origin).joinOrCreate(RoomName.INBOX, { protocol: PROTOCOL_VERSION });
      if (!this.#wanted) {
        await room.leave(true).catch(() => undefined);
        return;
      }
      this.#room = room;
      this.#retry = RETRY_MS;
      room.onMessage(ServerMessage.INBOX_EVENT, (event: InboxEvent) => this.onEvent(event));
      room.onLeave(() => {
        if (this.#room === room) this.#room = null;
        this.#later();
      });
    } catch {
      this.#later();
    }
  }

  /** Rejoins after a pause while the bell is still wanted (a signed-out close stops it). */
  #later(): void {
    if (!this.#wanted) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#join(), this.#retry);
    this.#retry = Math.min(this.#retry * 2, RETRY_MAX_MS);
  }
}
