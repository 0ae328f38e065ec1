import { z } from "zod";
import { isBlockingTile, TILE } from "./legend.ts";

/**
 * Things in a map one can use, declared in the map file beside its tiles: a notice board
 * (shows the newest feed item) and benches (each tile of one is a seat). An object lies on
 * a horizontal run of `width` tiles starting at tile (x, y), and those tiles must be drawn
 * as that object (board `B`, bench `=`), so collision, drawing and use always agree.
 * Shared by the server (validation at load, the sit rule) and the client (clicks, minimap).
 */
export const OBJECT_KINDS = ["board", "bench"] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** The tile each kind of object is drawn as. */
export const OBJECT_TILE: Record<ObjectKind, string> = { board: TILE.BOARD, bench: TILE.BENCH };

/** A bench has at most this many seats (tiles); a board at most this many tiles. */
export const MAX_OBJECT_WIDTH = 8;

export const MapObjectFile = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "an object id is 1..32 of a-z, 0-9, - starting with a letter"),
  kind: z.enum(OBJECT_KINDS),
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  width: z.number().int().min(1).max(MAX_OBJECT_WIDTH).default(1),
  /** What the object is called where it is shown ("Plaza notice board"). */
  label: z.string().min(1).max(48).optional(),
});
export type MapObjectFile = z.infer<typeof MapObjectFile>;

/** An object as the server keeps it and the client receives it (tile units). */
export interface MapObject {
  id: string;
  kind: ObjectKind;
  x: number;
  y: number;
  width: number;
  label: string;
}

/** The default label of an object without one. */
const DEFAULT_LABEL: Record<ObjectKind, string> = { board: "Notice board", bench: "Bench" };

export function withDefaults(o: MapObjectFile): MapObject {
  return { id: o.id, kind: o.kind, x: o.x, y: o.y, width: o.width, label: o.label ?? DEFAULT_LABEL[o.kind] };
}

/** The tiles an object covers, left to right. */
export function objectTiles(o: Pick<MapObject, "x" | "y" | "width">): Array<{ col: number; row: number }> {
  return Array.from({ length: o.width }, (_, i) => ({ col: o.x + i, row: o.y }));
}

const NEIGHBOURS = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
] as const;

/** Walkable tiles next to (not diagonal to) a tile: where one stands to use it. */
export function walkableNeighbours(tiles: readonly string[], col: number, row: number): Array<{ col: number; row: number }> {
  return NEIGHBOURS.map(([dc, dr]) => ({ col: col + dc, row: row + dr })).filter((n) => !isBlockingTile(tiles[n.row]?.[n.col]));
}

/**
 * Every problem with a map's objects against its tiles (empty when they agree): unique
 * ids, inside the map, drawn as their kind, each such tile claimed by exactly one object,
 * and every seat or board reachable from a walkable tile beside it.
 */
export function objectProblems(tiles: readonly string[], objects: readonly MapObject[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const claimed = new Map<string, string>();
  for (const o of objects) {
    if (ids.has(o.id)) problems.push(`object id ${o.id} is used twice`);
    ids.add(o.id);
    const wanted = OBJECT_TILE[o.kind];
    for (const { col, row } of objectTiles(o)) {
      const tile = tiles[row]?.[col];
      const where = `${o.id} at (${col}, ${row})`;
      if (tile === undefined) problems.push(`${where} is outside the map`);
      else if (tile !== wanted) problems.push(`${where} lies on "${tile}", not on a ${o.kind} tile "${wanted}"`);
      else if (walkableNeighbours(tiles, col, row).length === 0) problems.push(`${where} cannot be reached from any walkable tile`);
      const key = `${col},${row}`;
      const other = claimed.get(key);
      if (other !== undefined) problems.push(`${where} overlaps ${other}`);
      claimed.set(key, o.id);
    }
  }
  tiles.forEach((line, row) => {
    for (let col = 0; col < line.length; col++) {
      const tile = line[col];
      const kind = OBJECT_KINDS.find((k) => OBJECT_TILE[k] === tile);
      if (kind && !claimed.has(`${col},${row}`)) problems.push(`the ${kind} tile at (${col}, ${row}) belongs to no ${kind} object`);
    }
  });
  return problems;
}

/** A seat's id as avatars carry it (`Avatar.seat`): the bench's id and the seat's index. */
export function seatId(benchId: string, seat: number): string {
  return `${benchId}:${seat}`;
}
