import type { AuthContext, Client } from "@colyseus/core";
import { InboxJoinOptions } from "#schema/messages/notifications.ts";
import { ErrorCode, PROTOCOL_VERSION, RoomName, ServerMessage } from "#schema/protocol.ts";
import type { InboxEvent } from "#schema/replies/notifications.ts";
import { InboxState } from "#schema/state/inbox.ts";
import { JoinRefusal } from "../core/errors.ts";
import type { MessageTable } from "../handlers/message-table.ts";
import { inboxChannel, type NotificationService } from "../social/notifications.ts";
import { composeRoom, GuardedRoom, type RoomDeps } from "./guarded-room.ts";
import { actorOfClient, authenticateJoin, type RoomAuth } from "./room-auth.ts";

/** The inbox takes no client messages: marking read goes over HTTP, then the new count arrives here. */
export const INBOX_MESSAGES: MessageTable<unknown> = {};

export interface InboxRoomDeps extends RoomDeps {
  notifications: NotificationService;
}

/** Every tab of one person shares the room; more than this is not a person. */
const INBOX_MAX_CLIENTS = 16;

/**
 * One room per signed-in user (every tab of theirs joins it): the notification pushes for
 * that user, relayed from presence, so the bell updates in whatever view is open. The room
 * is keyed by the session's user id (the client names nobody), and a join by room id into
 * someone else's inbox is refused. Re-auth, kicks and seats are the shared room parts'.
 */
export function createInboxRoom(deps: InboxRoomDeps) {
  return class InboxRoom extends GuardedRoom<InstanceType<typeof InboxState>> {
    #userId = "";

    static override async onAuth(token: string, options: unknown, ctx: AuthContext): Promise<RoomAuth> {
      const protocol = (options as { protocol?: unknown } | undefined)?.protocol;
      if (protocol !== PROTOCOL_VERSION) throw new JoinRefusal(ErrorCode.PROTOCOL_MISMATCH, "reload the page");
      if (!InboxJoinOptions.safeParse(options).success) throw new JoinRefusal(ErrorCode.BAD_INPUT, "bad join options");
      const auth = await authenticateJoin(token, ctx, deps, RoomName.INBOX);
      // The matchmaker filters on this very object: whatever the client sent, the inbox is the caller's.
      (options as { userId: string }).userId = auth.userId;
      return auth;
    }

    override async onCreate(options: { userId: string }): Promise<void> {
      this.parts = composeRoom(this, deps, { roomType: RoomName.INBOX, messages: INBOX_MESSAGES });
      this.maxClients = INBOX_MAX_CLIENTS;
      this.state = new InboxState();
      this.#userId = options.userId;
      await this.parts.subscribe(inboxChannel(options.userId), this.#relay);
    }

    /** A throw here undoes the join (Colyseus runs onLeave, which frees the seat). */
    override async onJoin(client: Client): Promise<void> {
      if (actorOfClient(client)?.userId !== this.#userId) throw new JoinRefusal(ErrorCode.NOT_FOUND, "no such room");
      const event: InboxEvent = { unread: await deps.notifications.unread({ userId: this.#userId }), notification: null };
      this.parts.metrics.sent(ServerMessage.INBOX_EVENT, 1);
      client.send(ServerMessage.INBOX_EVENT, event);
    }

    readonly #relay = (event: InboxEvent): void => {
      this.parts.metrics.sent(ServerMessage.INBOX_EVENT, this.clients.length);
      this.broadcast(ServerMessage.INBOX_EVENT, event);
    };
  };
}
