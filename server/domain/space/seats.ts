import { seatId } from "#schema/maps/objects.ts";
import type { SpaceState } from "#schema/state/space.ts";
import type { SpaceMap } from "../maps.ts";
import type { Point } from "../movement.ts";

/**
 * Sitting rules, pure: which seat a request names, whether an avatar stands close enough
 * to it, and who sits on it. Who sits where lives only in the avatars' `seat` fields, so a
 * seat frees itself when its avatar leaves (no second ledger to forget).
 */

/** One may sit from at most this far (tiles, feet to the seat's centre): from any tile beside the seat, not from two away. */
export const SIT_REACH_TILES = 1.6;

export interface Seat {
  /** `<bench id>:<index>`, as `Avatar.seat` carries it. */
  id: string;
  /** The seat tile's centre in pixels: where a sitting avatar's feet are. */
  at: Point;
}

/** The seat `index` of bench `benchId` in this map, or null when there is no such bench or seat. */
export function findSeat(map: SpaceMap, benchId: string, index: number): Seat | null {
  const bench = map.objects.find((o) => o.kind === "bench" && o.id === benchId);
  if (!bench || !Number.isInteger(index) || index < 0 || index >= bench.width) return null;
  return { id: seatId(bench.id, index), at: { x: (bench.x + index + 0.5) * map.tileSize, y: (bench.y + 0.5) * map.tileSize } };
}

/** Whether `from` (an avatar's feet) is close enough to sit on the seat at `seat`. */
export function withinReach(map: SpaceMap, from: Point, seat: Point): boolean {
  return Math.hypot(from.x - seat.x, from.y - seat.y) <= SIT_REACH_TILES * map.tileSize;
}

/** The session id of whoever sits on `seat`, if anyone does. */
export function seatHolder(state: SpaceState, seat: string): string | undefined {
  let holder: string | undefined;
  state.avatars.forEach((avatar, sessionId) => {
    if (avatar.seat === seat) holder = sessionId;
  });
  return holder;
}
