import type { Sit, Stand } from "#schema/messages/space.ts";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import { findSeat, seatHolder, withinReach } from "../../domain/space/seats.ts";
import type { SpaceContext } from "./context.ts";

/**
 * `space:sit`: sits on a free seat next to the avatar. Refusals: no such bench or seat
 * (`NOT_FOUND`), someone else sits there (`CONFLICT`), too far away (`FORBIDDEN`: walk up
 * to it first). Sitting again on one's own seat changes nothing.
 */
export function sit(ctx: SpaceContext, message: Sit): void {
  const { room, client } = ctx;
  const avatar = room.state.avatars.get(client.sessionId);
  if (!avatar) throw new DomainError(ErrorCode.NOT_FOUND, "you are not in this space");
  const seat = findSeat(room.map, message.bench, message.seat);
  if (!seat) throw new DomainError(ErrorCode.NOT_FOUND, "no such seat here");
  if (avatar.seat === seat.id) return;
  const holder = seatHolder(room.state, seat.id);
  if (holder !== undefined) throw new DomainError(ErrorCode.CONFLICT, "someone is sitting there");
  // From where one stands, or (seated) from the seat itself: sliding along a bench is fine.
  const stood = room.world.standingPoint(client.sessionId) ?? avatar;
  if (!withinReach(room.map, stood, seat.at) && !withinReach(room.map, avatar, seat.at)) {
    throw new DomainError(ErrorCode.FORBIDDEN, "walk up to the bench first");
  }
  room.world.sit(client.sessionId, seat.id, seat.at, ctx.now);
}

/** `space:stand`: stands up where one sat down from; standing already changes nothing. */
export function stand(ctx: SpaceContext, _message: Stand): void {
  ctx.room.world.stand(ctx.client.sessionId, ctx.now);
}
