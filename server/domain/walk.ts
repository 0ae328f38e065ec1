import { isBlockedAt, type SpaceMap } from "./maps.ts";
import { type Point, stepToward } from "./movement.ts";

/**
 * One step toward `target` that never enters a blocked tile: try the straight step,
 * then slide along each axis alone (so walking into a wall at an angle glides along
 * it); if nothing is free, stay put and give up the target.
 */
export function walkStep(map: SpaceMap, from: Point, target: Point, maxStep: number): { at: Point; arrived: boolean } {
  const straight = stepToward(from, target, maxStep);
  if (!isBlockedAt(map, straight)) return { at: straight, arrived: straight.x === target.x && straight.y === target.y };
  const alongX = stepToward(from, { x: target.x, y: from.y }, maxStep);
  if (alongX.x !== from.x && !isBlockedAt(map, alongX)) return { at: alongX, arrived: false };
  const alongY = stepToward(from, { x: from.x, y: target.y }, maxStep);
  if (alongY.y !== from.y && !isBlockedAt(map, alongY)) return { at: alongY, arrived: false };
  return { at: from, arrived: true };
}
