import type { Move } from "#schema/messages/space.ts";
import { EDGE_MARGIN } from "../../domain/maps.ts";
import { clampToBounds } from "../../domain/movement.ts";
import type { SpaceContext } from "./context.ts";

/** `space:move`: sets where the avatar walks to; the simulation does the walking. */
export function move(ctx: SpaceContext, message: Move): void {
  const avatar = ctx.room.state.avatars.get(ctx.client.sessionId);
  if (!avatar) return;
  const target = clampToBounds(message, ctx.room.map, EDGE_MARGIN);
  avatar.targetX = target.x;
  avatar.targetY = target.y;
}
