import { Client, type Room } from "@colyseus/sdk";
import { PROTOCOL_VERSION, RoomName, ServerMessage } from "#schema/protocol.ts";
import type { InboxEvent } from "#schema/replies/notifications.ts";
import { DEFAULT_REJOIN, type RejoinPolicy, retryWithBackoff, shouldRejoin } from "./rejoin.ts";

/**
 * The signed-in user's `inbox` room: the unread count and each new notification, pushed
 * live in every view. It is its own small connection (not the world's) because the bell
 * must work on the profile, the feed and the Codeground, where no space is joined; the
 * room is per user (the server picks it from the session) and takes no messages.
 *
 * A dropped socket is rejoined by the SDK's own reconnection. A room closed by a restart
 * (or whose reconnection gave up because its process died) is joined again through
 * matchmaking, on whichever process answers, like the space (rejoin.ts): the count comes
 * with the join, so nothing that arrived meanwhile is missed. Other closes (signed out,
 * banned) are not retried: that would fill a signed-out page's console with refused joins;
 * `ensureOpen()` (the bell's click) and the next sign-in open it again.
 */
export class InboxConnection {
  #room: Room | null = null;
  #joining: Promise<void> | null = null;
  #wanted = false;

  constructor(
    private readonly onEvent: (event: InboxEvent) => void,
    private readonly rejoinPolicy: RejoinPolicy = DEFAULT_REJOIN,
  ) {}

  open(): void {
    this.#wanted = true;
    this.ensureOpen();
  }

  /** Joins unless a live room or a join is already there. */
  ensureOpen(): void {
    if (!this.#wanted || this.#joining || this.#room?.connection?.isOpen) return;
    this.#joining = this.#join().finally(() => {
      this.#joining = null;
    });
  }

  async close(): Promise<void> {
    this.#wanted = false;
    await this.#joining;
    const room = this.#room;
    this.#room = null;
    if (room?.connection?.isOpen) await room.leave(true).catch(() => undefined);
  }

  async #join(): Promise<void> {
    let room: Room;
    try {
      room = await new Client(location.origin).joinOrCreate(RoomName.INBOX, { protocol: PROTOCOL_VERSION });
    } catch {
      return; // the bell still works over HTTP when opened; the next ensureOpen() tries again
    }
    if (!this.#wanted) {
      await room.leave(true).catch(() => undefined);
      return;
    }
    this.#room = room;
    room.onMessage(ServerMessage.INBOX_EVENT, (event: InboxEvent) => this.onEvent(event));
    room.onLeave((code) => {
      if (this.#room === room) this.#room = null;
      if (this.#wanted && shouldRejoin(code)) void this.#rejoin();
    });
  }

  /** After a restart: join again, backing off, until a room is open or nobody wants one. */
  async #rejoin(): Promise<void> {
    const open = () => this.#room?.connection?.isOpen === true;
    await retryWithBackoff(
      this.rejoinPolicy,
      async () => {
        if (open()) return "done";
        this.ensureOpen();
        await this.#joining;
        return open() ? "done" : "again";
      },
      () => !this.#wanted,
    );
  }
}
