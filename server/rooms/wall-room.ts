import type { AuthContext } from "@colyseus/core";
import { WallJoinOptions } from "#schema/messages/social.ts";
import { ErrorCode, PROTOCOL_VERSION, RoomName, ServerMessage } from "#schema/protocol.ts";
import type { WallEvent } from "#schema/replies/social.ts";
import { WallState } from "#schema/state/wall.ts";
import { wallChannel } from "../social/notifier.ts";
import type { ProfileService } from "../social/profiles.ts";
import type { MessageTable } from "../handlers/message-table.ts";
import { composeRoom, GuardedRoom, type RoomDeps } from "./guarded-room.ts";
import { JoinRefusal } from "../core/errors.ts";
import { authenticateJoin, type RoomAuth } from "./room-auth.ts";

/** Walls take no client messages: writes go over HTTP (stored first), then arrive here. */
export const WALL_MESSAGES: MessageTable<unknown> = {};

export interface WallRoomDeps extends RoomDeps {
  profiles: ProfileService;
}

/** One room per wall being viewed: everyone watching sees posts, edits, deletions and reactions live. */
export function createWallRoom(deps: WallRoomDeps) {
  return class WallRoom extends GuardedRoom<WallState> {
    static override async onAuth(token: string, options: unknown, ctx: AuthContext): Promise<RoomAuth> {
      const protocol = (options as { protocol?: unknown } | undefined)?.protocol;
      if (protocol !== PROTOCOL_VERSION) throw new JoinRefusal(ErrorCode.PROTOCOL_MISMATCH, "reload the page");
      const parsed = WallJoinOptions.safeParse(options);
      if (!parsed.success) throw new JoinRefusal(ErrorCode.BAD_INPUT, "say whose wall to watch");
      const owner = await deps.profiles.userNamed(parsed.data.owner).catch(() => {
        throw new JoinRefusal(ErrorCode.NOT_FOUND, "no such person");
      });
      const auth = await authenticateJoin(token, ctx, deps, RoomName.WALL);
      // The matchmaker filters rooms by `owner` on this very object: one spelling per wall,
      // so `Alice`, `alice` and look-alikes land in one room instead of one each.
      (options as { owner: string }).owner = owner.usernameKey;
      return auth;
    }

    override async onCreate(options: { owner: string }): Promise<void> {
      this.parts = composeRoom(this, deps, { roomType: RoomName.WALL, messages: WALL_MESSAGES });
      const owner = await deps.profiles.userNamed(options.owner);
      this.state = new WallState({ owner: owner.username });
      await this.parts.subscribe(wallChannel(owner._id), this.#relay);
    }

    /**
     * Who is watching now: a dropped viewer leaves the room's clients while its seat is held,
     * and comes back on reconnect, so the count follows every one of these.
     */
    #countViewers(): void {
      this.state.viewers = this.clients.length;
    }

    override onJoin(): void {
      this.#countViewers();
    }

    override onLeave(): void {
      this.#countViewers();
    }

    override onDrop(): void {
      this.#countViewers();
    }

    override onReconnect(): void {
      this.#countViewers();
    }

    readonly #relay = (event: WallEvent): void => {
      this.parts.metrics.sent(ServerMessage.WALL_EVENT, this.clients.length);
      this.broadcast(ServerMessage.WALL_EVENT, event);
    };
  };
}
