import type { Move, Walk } from "#schema/messages/space.ts";
import type { SpaceContext } from "./context.ts";

/** `space:move`: sets where the avatar walks to; the simulation does the walking. */
export function move(ctx: SpaceContext, message: Move): void {
  ctx.room.world.setTarget(ctx.client.sessionId, message, ctx.now, message.ts);
}

/** `space:walk`: holds a direction (keys) until (0, 0). */
export function walk(ctx: SpaceContext, message: Walk): void {
  ctx.room.world.setDirection(ctx.client.sessionId, message.dx, message.dy, ctx.now, message.ts);
}
