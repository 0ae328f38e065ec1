import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { isBlockingTile } from "#schema/maps/legend.ts";
import type { Bounds, Point } from "./movement.ts";

/** A space's map in pixels, loaded from a map file (schema/maps/*.json). */
export interface SpaceMap extends Bounds {
  name: string;
  title: string;
  tileSize: number;
  cols: number;
  rows: number;
  capacity: number;
  tiles: readonly string[];
  /** Spawn points at tile centres, in pixels. */
  spawns: readonly Point[];
}

const MapFile = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
    title: z.string().min(1).max(64),
    tileSize: z.number().int().min(8).max(128),
    capacity: z.number().int().min(1).max(500),
    tiles: z.array(z.string().regex(/^[.*#~T=]+$/)).min(3).max(256),
    spawns: z.array(z.object({ x: z.number().int().min(0), y: z.number().int().min(0) })).min(1),
  })
  .refine((m) => m.tiles.every((row) => row.length === m.tiles[0]?.length), "all rows must have the same length")
  .refine((m) => m.spawns.every((s) => !isBlockingTile(m.tiles[s.y]?.[s.x])), "every spawn must be on a walkable tile");

export const MAPS_DIR = path.resolve(import.meta.dirname, "../../schema/maps");
export const DEFAULT_MAP = "plaza";

/** Reads and validates every map file; a bad file stops the start with its name and problems. */
export function loadMaps(dir = MAPS_DIR): ReadonlyMap<string, SpaceMap> {
  const maps = new Map<string, SpaceMap>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const parsed = MapFile.safeParse(JSON.parse(readFileSync(path.join(dir, file), "utf8")));
    if (!parsed.success) throw new Error(`bad map file ${file}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    const m = parsed.data;
    const cols = m.tiles[0]?.length ?? 0;
    maps.set(m.name, {
      name: m.name,
      title: m.title,
      tileSize: m.tileSize,
      cols,
      rows: m.tiles.length,
      width: cols * m.tileSize,
      height: m.tiles.length * m.tileSize,
      capacity: m.capacity,
      tiles: m.tiles,
      spawns: m.spawns.map((s) => ({ x: (s.x + 0.5) * m.tileSize, y: (s.y + 0.5) * m.tileSize })),
    });
  }
  if (!maps.has(DEFAULT_MAP)) throw new Error(`no ${DEFAULT_MAP} map in ${dir}`);
  return maps;
}

/** Whether the pixel point is on a tile an avatar cannot enter (outside the map counts as blocked). */
export function isBlockedAt(map: SpaceMap, p: Point): boolean {
  const col = Math.floor(p.x / map.tileSize);
  const row = Math.floor(p.y / map.tileSize);
  return isBlockingTile(map.tiles[row]?.[col]);
}

/** Walking speed, px/s: the server never moves an avatar faster. */
export const WALK_SPEED = 160;
/** Avatars keep this far from the map's outer edges. */
export const EDGE_MARGIN = 16;
