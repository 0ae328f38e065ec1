import { isBlockingTile } from "#schema/maps/legend.ts";
import type { Point } from "./movement.ts";

/** What path finding needs of a map: its tile rows and tile size (a SpaceMap has both). */
export interface TileGrid {
  tiles: readonly string[];
  tileSize: number;
}

export interface PathResult {
  /** Points to walk through in order (tile centres, then the exact target when it is reachable); empty when already there. */
  waypoints: Point[];
  /** False when the target could not be reached and the path ends on the nearest reachable tile instead. */
  reached: boolean;
  /** Tiles taken off the open list: the work done, never more than `maxExpanded`. */
  expanded: number;
}

interface Cell {
  col: number;
  row: number;
}

const DIAGONAL = Math.SQRT2;
const NEIGHBOURS: ReadonlyArray<[number, number, number]> = [
  [1, 0, 1],
  [-1, 0, 1],
  [0, 1, 1],
  [0, -1, 1],
  [1, 1, DIAGONAL],
  [1, -1, DIAGONAL],
  [-1, 1, DIAGONAL],
  [-1, -1, DIAGONAL],
];

/**
 * A* over the tile grid (8 directions, never cutting a blocked corner) from `from` to `to`.
 * When the target tile cannot be entered or reached, the path goes to the reachable tile
 * nearest to it (so a click beyond the pool ends at the near shore, not stuck at the first
 * edge). The search expands at most `maxExpanded` tiles (default: every tile once), so its
 * cost is bounded by the map's size whatever is asked. The waypoints are pulled straight
 * where the line between them is clear, so the avatar walks in lines, not tile steps.
 */
export function findPath(grid: TileGrid, from: Point, to: Point, maxExpanded = gridSize(grid)): PathResult {
  const start = cellOf(grid, from);
  if (!walkable(grid, start)) return { waypoints: [], reached: false, expanded: 0 };
  // A blocked target (water, a wall at the map's edge) is swapped for the nearest free tile
  // first, so a click on the pool does not search the whole map to learn it cannot get in.
  const asked = cellOf(grid, to);
  const goal = walkable(grid, asked) ? asked : (nearestWalkable(grid, asked) ?? start);
  const cols = grid.tiles[0]?.length ?? 0;
  const size = gridSize(grid);
  const key = (c: Cell) => c.row * cols + c.col;
  const g = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  const parent = new Int32Array(size).fill(-1);
  const closed = new Uint8Array(size);
  const open = new MinHeap();
  const h = (c: Cell) => octile(c, goal);
  g[key(start)] = 0;
  open.push(key(start), h(start));
  let best = { key: key(start), distance: h(start) };
  let expanded = 0;
  while (open.size > 0 && expanded < maxExpanded) {
    const current = open.pop() as number;
    if (closed[current]) continue;
    closed[current] = 1;
    expanded++;
    const cell = { col: current % cols, row: Math.floor(current / cols) };
    const distance = h(cell);
    if (distance < best.distance) best = { key: current, distance };
    if (distance === 0) break;
    for (const [dc, dr, cost] of NEIGHBOURS) {
      const next = { col: cell.col + dc, row: cell.row + dr };
      if (!walkable(grid, next)) continue;
      // A diagonal step needs both side tiles free: no slipping through a blocked corner.
      if (dc !== 0 && dr !== 0 && !(walkable(grid, { col: cell.col + dc, row: cell.row }) && walkable(grid, { col: cell.col, row: cell.row + dr }))) continue;
      const nextKey = key(next);
      const tentative = (g[current] as number) + cost;
      if (tentative >= (g[nextKey] as number)) continue;
      g[nextKey] = tentative;
      parent[nextKey] = current;
      open.push(nextKey, tentative + h(next));
    }
  }
  // Reached only when the tile asked for was itself reached; otherwise the nearest tile found.
  const reached = best.distance === 0 && goal === asked;
  const cells: Cell[] = [];
  for (let k = best.key; k !== -1; k = parent[k] as number) cells.push({ col: k % cols, row: Math.floor(k / cols) });
  cells.reverse();
  const points = cells.slice(1).map((c) => centreOf(grid, c));
  if (reached) {
    if (points.length > 0) points[points.length - 1] = { x: to.x, y: to.y };
    else if (from.x !== to.x || from.y !== to.y) points.push({ x: to.x, y: to.y });
  }
  return { waypoints: pullStraight(grid, from, points), reached, expanded };
}

/** The walkable tile nearest to `c` (ring by ring), or null on a map with none. */
function nearestWalkable(grid: TileGrid, c: Cell): Cell | null {
  const rings = Math.max(grid.tiles.length, grid.tiles[0]?.length ?? 0);
  for (let ring = 1; ring <= rings; ring++) {
    let best: Cell | null = null;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let dc = -ring; dc <= ring; dc++) {
      for (let dr = -ring; dr <= ring; dr++) {
        if (Math.max(Math.abs(dc), Math.abs(dr)) !== ring) continue;
        const cell = { col: c.col + dc, row: c.row + dr };
        const distance = Math.hypot(dc, dr);
        if (distance < bestDistance && walkable(grid, cell)) {
          best = cell;
          bestDistance = distance;
        }
      }
    }
    if (best) return best;
  }
  return null;
}

/** Whether the straight segment a→b stays on walkable tiles (sampled finer than a tile). */
export function lineIsClear(grid: TileGrid, a: Point, b: Point): boolean {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  const steps = Math.max(1, Math.ceil(length / (grid.tileSize / 8)));
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    if (!walkable(grid, cellOf(grid, { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t }))) return false;
  }
  return true;
}

/** Drops every waypoint that can be skipped by walking straight from the last one kept. */
function pullStraight(grid: TileGrid, from: Point, points: Point[]): Point[] {
  const out: Point[] = [];
  let anchor = from;
  for (let i = 0; i < points.length; i++) {
    const next = points[i + 1];
    const here = points[i] as Point;
    if (next && lineIsClear(grid, anchor, next)) continue;
    out.push(here);
    anchor = here;
  }
  return out;
}

function gridSize(grid: TileGrid): number {
  return grid.tiles.length * (grid.tiles[0]?.length ?? 0);
}

function cellOf(grid: TileGrid, p: Point): Cell {
  return { col: Math.floor(p.x / grid.tileSize), row: Math.floor(p.y / grid.tileSize) };
}

function centreOf(grid: TileGrid, c: Cell): Point {
  return { x: (c.col + 0.5) * grid.tileSize, y: (c.row + 0.5) * grid.tileSize };
}

function walkable(grid: TileGrid, c: Cell): boolean {
  return !isBlockingTile(grid.tiles[c.row]?.[c.col]);
}

function octile(a: Cell, b: Cell): number {
  const dx = Math.abs(a.col - b.col);
  const dy = Math.abs(a.row - b.row);
  return Math.max(dx, dy) + (DIAGONAL - 1) * Math.min(dx, dy);
}

/** A small binary heap of keys by priority (the open list). */
class MinHeap {
  readonly #items: Array<{ key: number; priority: number }> = [];

  get size(): number {
    return this.#items.length;
  }

  push(key: number, priority: number): void {
    const items = this.#items;
    items.push({ key, priority });
    let i = items.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if ((items[up] as { priority: number }).priority <= priority) break;
      [items[i], items[up]] = [items[up] as { key: number; priority: number }, items[i] as { key: number; priority: number }];
      i = up;
    }
  }

  pop(): number | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (!top || !last || items.length === 0) return top?.key;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && (items[l] as { priority: number }).priority < (items[m] as { priority: number }).priority) m = l;
      if (r < items.length && (items[r] as { priority: number }).priority < (items[m] as { priority: number }).priority) m = r;
      if (m === i) break;
      [items[i], items[m]] = [items[m] as { key: number; priority: number }, items[i] as { key: number; priority: number }];
      i = m;
    }
    return top.key;
  }
}
