import { isBlockedAt, type SpaceMap } from "./maps.ts";
import type { Point } from "./movement.ts";

/** Nobody stands closer than this to a fresh arrival (px): about an avatar's width. */
export const SPAWN_CLEARANCE = 28;

/**
 * Where an arrival appears: a random spawn point, then the nearest walkable tile centre
 * around it (ring by ring, up to `maxRings` tiles away) that nobody stands on. Null when
 * every tile in reach is taken (the caller falls back to the spawn point itself).
 */
export function freeSpotNear(
  map: SpaceMap,
  spawns: readonly Point[],
  taken: readonly Point[],
  random: () => number = Math.random,
  maxRings = 6,
): Point | null {
  if (spawns.length === 0) return null;
  const first = Math.floor(random() * spawns.length);
  const free = (p: Point) => !isBlockedAt(map, p) && taken.every((t) => Math.hypot(t.x - p.x, t.y - p.y) >= SPAWN_CLEARANCE);
  for (let ring = 0; ring <= maxRings; ring++) {
    // Every spawn point at this distance before going further from any of them.
    for (let i = 0; i < spawns.length; i++) {
      const base = spawns[(first + i) % spawns.length] as Point;
      const spots = ringAround(base, ring, map.tileSize);
      const offset = Math.floor(random() * spots.length);
      for (let j = 0; j < spots.length; j++) {
        const spot = spots[(offset + j) % spots.length] as Point;
        if (free(spot)) return spot;
      }
    }
  }
  return null;
}

/** Tile centres on the square ring `ring` tiles away from `centre` (ring 0 is the centre itself). */
function ringAround(centre: Point, ring: number, tile: number): Point[] {
  if (ring === 0) return [centre];
  const out: Point[] = [];
  for (let dx = -ring; dx <= ring; dx++) {
    for (let dy = -ring; dy <= ring; dy++) {
      if (Math.max(Math.abs(dx), Math.abs(dy)) === ring) out.push({ x: centre.x + dx * tile, y: centre.y + dy * tile });
    }
  }
  return out;
}
