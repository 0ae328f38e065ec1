import type { AuthContext, Client } from "@colyseus/core";
import { Move, SpaceJoinOptions } from "#schema/messages/space.ts";
import { ErrorCode, PROTOCOL_VERSION, SpaceMessage } from "#schema/protocol.ts";
import { Avatar, SpaceState } from "#schema/state/space.ts";
import type { Actor } from "../auth/types.ts";
import { DEFAULT_MAP, EDGE_MARGIN, mapNamed, type SpaceMap, WALK_SPEED } from "../domain/maps.ts";
import { clampToBounds, stepToward } from "../domain/movement.ts";
import { move } from "../handlers/space/move.ts";
import type { SpaceRoomView } from "../handlers/space/context.ts";
import { GuardedRoom, type MessageTable, message, type RoomDeps } from "./guarded-room.ts";
import { joinRefusal } from "./join-refusal.ts";
import { authenticateJoin } from "./room-auth.ts";

/** Every client→server message of a space, with its budget. */
export const SPACE_MESSAGES: MessageTable<SpaceRoomView> = {
  [SpaceMessage.MOVE]: message({ schema: Move, budget: { perSecond: 20, burst: 40 }, handler: move }),
};

/** Validates join options before a seat is reserved; refusals carry a code the client explains. */
export function checkSpaceJoinOptions(options: unknown): void {
  const protocol = (options as { protocol?: unknown } | undefined)?.protocol;
  if (protocol !== PROTOCOL_VERSION) {
    throw joinRefusal(ErrorCode.PROTOCOL_MISMATCH, `this client speaks protocol ${String(protocol)}; reload the page`);
  }
  const parsed = SpaceJoinOptions.safeParse(options);
  if (!parsed.success) throw joinRefusal(ErrorCode.BAD_INPUT, parsed.error.issues[0]?.message ?? "bad join options");
  if (!mapNamed(parsed.data.map)) throw joinRefusal(ErrorCode.BAD_INPUT, "no such map");
}

/** Builds the `space` room class around the app's dependencies. */
export function createSpaceRoom(deps: RoomDeps) {
  return class SpaceRoom extends GuardedRoom<SpaceState> {
    protected readonly deps = deps;
    protected readonly roomType = "space";
    map: SpaceMap = mapNamed(DEFAULT_MAP) as SpaceMap;

    override messages = this.guardedMessages(SPACE_MESSAGES as MessageTable<this>);

    static override async onAuth(token: string, options: unknown, ctx: AuthContext): Promise<Actor> {
      checkSpaceJoinOptions(options);
      return authenticateJoin(token, ctx, deps.sessions);
    }

    override onCreate(options: { map?: string }): void {
      this.initGuarded();
      this.map = mapNamed(options.map) ?? this.map;
      this.maxClients = deps.config.spaceCapacity;
      this.state = new SpaceState({ map: this.map.name, width: this.map.width, height: this.map.height });
      this.setSimulationInterval((dt) => this.#walk(dt), deps.config.spaceTickMs);
    }

    override onJoin(client: Client): void {
      this.trackJoin();
      const actor = client.auth as Actor;
      const spawn = clampToBounds(
        { x: this.map.spawn.x + jitter(), y: this.map.spawn.y + jitter() },
        this.map,
        EDGE_MARGIN,
      );
      const avatar = new Avatar({ userId: actor.userId, name: actor.displayName, ...spawn, targetX: spawn.x, targetY: spawn.y });
      this.state.avatars.set(client.sessionId, avatar);
      this.log.info({ sessionId: client.sessionId }, "joined space");
    }

    override onLeave(client: Client): void {
      this.state.avatars.delete(client.sessionId);
      this.trackLeave(client);
    }

    override onDispose(): void {
      this.trackDispose();
    }

    /** One simulation step: every avatar walks toward its target at WALK_SPEED at most. */
    #walk(dtMs: number): void {
      const maxStep = (WALK_SPEED * Math.min(dtMs, 250)) / 1000;
      this.state.avatars.forEach((a) => {
        if (a.x === a.targetX && a.y === a.targetY) return;
        const next = stepToward(a, { x: a.targetX, y: a.targetY }, maxStep);
        a.x = next.x;
        a.y = next.y;
      });
    }
  };
}

function jitter(): number {
  return Math.round((Math.random() - 0.5) * 64);
}
