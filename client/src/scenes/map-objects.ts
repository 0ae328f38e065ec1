import { type MapObject, seatId, walkableNeighbours } from "#schema/maps/objects.ts";

/**
 * The client side of a map's boards and benches: which one a click lands on, which board
 * the avatar stands next to, and a sit request that first walks up to the seat. The
 * server decides whether one may sit (server/domain/space/seats.ts); this only asks.
 */

export interface ObjectGrid {
  tiles: readonly string[];
  tileSize: number;
  objects: readonly MapObject[];
}

interface Point {
  x: number;
  y: number;
}

/** Asks to sit a little inside the server's reach (1.6 tiles), so a request made here is not refused as too far. */
const SIT_REACH_TILES = 1.4;
/** A board opens for someone standing this close to it (tiles, feet to a board tile's centre). */
export const BOARD_REACH_TILES = 1.6;
/** A walk toward a seat that has not ended beside it by then is given up. */
const SIT_WALK_MS = 15_000;

/** The object (and the tile of it) at a world point, or null. */
export function objectAt(grid: ObjectGrid, x: number, y: number): { object: MapObject; index: number } | null {
  const col = Math.floor(x / grid.tileSize);
  const row = Math.floor(y / grid.tileSize);
  const object = grid.objects.find((o) => o.y === row && col >= o.x && col < o.x + o.width);
  return object ? { object, index: col - object.x } : null;
}

/** The centre of tile `index` of an object, in world units. */
export function tileCentre(grid: ObjectGrid, object: MapObject, index: number): Point {
  return { x: (object.x + index + 0.5) * grid.tileSize, y: (object.y + 0.5) * grid.tileSize };
}

/** The board whose nearest tile is within reach of `at`, or null. */
export function boardNear(grid: ObjectGrid, at: Point): MapObject | null {
  const reach = BOARD_REACH_TILES * grid.tileSize;
  for (const o of grid.objects) {
    if (o.kind !== "board") continue;
    for (let i = 0; i < o.width; i++) {
      const c = tileCentre(grid, o, i);
      if (Math.hypot(c.x - at.x, c.y - at.y) <= reach) return o;
    }
  }
  return null;
}

/** The interact key (E or Space) looks this far for a free seat to walk to (tiles, feet to seat centre). */
export const INTERACT_REACH_TILES = 3;

/**
 * The free seat nearest `at` within `reachTiles`, for the interact key: seats someone sits
 * on (`taken`, as `<bench>:<index>`) are skipped; the server still has the last word.
 */
export function nearestFreeSeat(
  grid: ObjectGrid,
  at: Point,
  taken: ReadonlySet<string>,
  reachTiles = INTERACT_REACH_TILES,
): { bench: MapObject; index: number } | null {
  let best: { bench: MapObject; index: number } | null = null;
  let bestDistance = reachTiles * grid.tileSize;
  for (const bench of grid.objects) {
    if (bench.kind !== "bench") continue;
    for (let index = 0; index < bench.width; index++) {
      if (taken.has(seatId(bench.id, index))) continue;
      const c = tileCentre(grid, bench, index);
      const distance = Math.hypot(c.x - at.x, c.y - at.y);
      if (distance <= bestDistance) {
        best = { bench, index };
        bestDistance = distance;
      }
    }
  }
  return best;
}

/** The centre of the walkable tile beside the seat that is nearest to `from`, or null when none is. */
export function spotBeside(grid: ObjectGrid, bench: MapObject, index: number, from: Point): Point | null {
  const spots = walkableNeighbours(grid.tiles, bench.x + index, bench.y).map((t) => ({
    x: (t.col + 0.5) * grid.tileSize,
    y: (t.row + 0.5) * grid.tileSize,
  }));
  spots.sort((a, b) => Math.hypot(a.x - from.x, a.y - from.y) - Math.hypot(b.x - from.x, b.y - from.y));
  return spots[0] ?? null;
}

export interface SeatCommands {
  sit(bench: string, seat: number): void;
  stand(): void;
  move(x: number, y: number): void;
}

/** The own avatar as the server last placed it. */
export interface SelfPlace extends Point {
  targetX: number;
  targetY: number;
  seat: string;
}

/**
 * "Sit there": sits at once when the seat is within reach, else walks to the tile beside it
 * and sits when the server reports the avatar arrived. Any other click cancels it.
 */
export class SeatIntent {
  #pending: { bench: string; seat: number; at: Point; until: number } | null = null;

  constructor(private readonly commands: SeatCommands) {}

  get pending(): boolean {
    return this.#pending !== null;
  }

  request(grid: ObjectGrid, bench: MapObject, seat: number, self: SelfPlace | null, now: number): void {
    this.#pending = null;
    if (!self) return;
    if (self.seat === seatId(bench.id, seat)) {
      // A click on one's own seat: stand up.
      this.commands.stand();
      return;
    }
    const at = tileCentre(grid, bench, seat);
    if (Math.hypot(self.x - at.x, self.y - at.y) <= SIT_REACH_TILES * grid.tileSize && !self.seat) {
      this.commands.sit(bench.id, seat);
      return;
    }
    const spot = spotBeside(grid, bench, seat, self);
    if (!spot) return;
    this.#pending = { bench: bench.id, seat, at, until: now + SIT_WALK_MS };
    this.commands.move(spot.x, spot.y);
  }

  cancel(): void {
    this.#pending = null;
  }

  /** Called with each server update of the own avatar: sits once it has stopped within reach. */
  update(grid: ObjectGrid, self: SelfPlace | null, now: number): void {
    const p = this.#pending;
    if (!p || !self) return;
    if (now > p.until) {
      this.#pending = null;
      return;
    }
    const stopped = self.x === self.targetX && self.y === self.targetY;
    if (stopped && Math.hypot(self.x - p.at.x, self.y - p.at.y) <= SIT_REACH_TILES * grid.tileSize) {
      this.#pending = null;
      this.commands.sit(p.bench, p.seat);
    }
  }
}
