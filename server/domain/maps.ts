import { z } from "zod";
import { isBlockingTile, TILE_CHARS } from "#schema/maps/legend.ts";
import { type MapObject, MapObjectFile, objectProblems, withDefaults } from "#schema/maps/objects.ts";
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
  /** Boards and benches (tile units), checked against the tiles at load. */
  objects: readonly MapObject[];
}

/** A row of tiles the legend knows. */
const TileRow = z
  .string()
  .min(1)
  .refine((row) => [...row].every((c) => TILE_CHARS.has(c)), "a row holds a tile the legend does not know");

const MapFile = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
    title: z.string().min(1).max(64),
    tileSize: z.number().int().min(8).max(128),
    capacity: z.number().int().min(1).max(500),
    tiles: z.array(TileRow).min(3).max(256),
    spawns: z.array(z.object({ x: z.number().int().min(0), y: z.number().int().min(0) })).min(1),
    objects: z.array(MapObjectFile).max(64).default([]),
  })
  .refine((m) => m.tiles.every((row) => row.length === m.tiles[0]?.length), "all rows must have the same length")
  .refine((m) => m.spawns.every((s) => !isBlockingTile(m.tiles[s.y]?.[s.x])), "every spawn must be on a walkable tile")
  .superRefine((m, ctx) => {
    for (const message of objectProblems(m.tiles, m.objects.map(withDefaults))) ctx.addIssue({ code: "custom", message, path: ["objects"] });
  });

export const DEFAULT_MAP = "plaza";

/**
 * Validates parsed map files (`{ source, content }`, source only names the file in errors)
 * into the maps by name. Pure: server/map-files.ts reads the files and passes them in.
 * A bad map stops the start with its source and problems.
 */
export function buildMaps(files: ReadonlyArray<{ source: string; content: unknown }>): ReadonlyMap<string, SpaceMap> {
  const maps = new Map<string, SpaceMap>();
  for (const { source, content } of files) {
    const map = parseMap(source, content);
    maps.set(map.name, map);
  }
  if (!maps.has(DEFAULT_MAP)) throw new Error(`no ${DEFAULT_MAP} map among ${files.map((f) => f.source).join(", ") || "no files"}`);
  return maps;
}

function parseMap(source: string, content: unknown): SpaceMap {
  const parsed = MapFile.safeParse(content);
  if (!parsed.success) throw new Error(`bad map file ${source}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const m = parsed.data;
  const cols = m.tiles[0]?.length ?? 0;
  return {
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
    objects: m.objects.map(withDefaults),
  };
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
