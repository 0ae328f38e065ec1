import { isBlockingTile } from "#schema/maps/legend.ts";

/**
 * Whether walking straight from a to b stays on walkable tiles: the own-avatar prediction
 * only runs ahead of the server on a clear line. Otherwise the server walks a path around
 * the obstacle (its waypoints arrive as targets) and predicting straight would fight it.
 */
export function lineIsClear(map: { tiles: readonly string[]; tileSize: number }, a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  if (map.tiles.length === 0) return false;
  const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / (map.tileSize / 8)));
  for (let i = 1; i <= steps; i++) {
    const x = a.x + ((b.x - a.x) * i) / steps;
    const y = a.y + ((b.y - a.y) * i) / steps;
    if (isBlockingTile(map.tiles[Math.floor(y / map.tileSize)]?.[Math.floor(x / map.tileSize)])) return false;
  }
  return true;
}
