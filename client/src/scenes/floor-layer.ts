import type Phaser from "phaser";
import { TILE } from "#schema/maps/legend.ts";
import type { MapInfo } from "../net/space-connection.ts";

/** Colours per tile (floor chequers in two shades so the grid reads). */
const FILL: Record<string, [number, number]> = {
  [TILE.FLOOR]: [0x3b4a5e, 0x34425a],
  [TILE.FLOWERS]: [0x3f6a4a, 0x3a6245],
  [TILE.WALL]: [0x1e2633, 0x1e2633],
  [TILE.WATER]: [0x2d6fb3, 0x2a67a8],
  [TILE.TREE]: [0x2f5a36, 0x2f5a36],
  [TILE.BENCH]: [0x7a5a3a, 0x7a5a3a],
};

/** The map as drawn: one pass over its tile rows into a single Graphics object. */
export class FloorLayer {
  readonly #graphics: Phaser.GameObjects.Graphics;
  #width = 0;
  #height = 0;
  #drawnKey = "";
  /** The map's tile rows and size, for line-of-sight checks. */
  grid: { tiles: readonly string[]; tileSize: number } = { tiles: [], tileSize: 32 };

  constructor(scene: Phaser.Scene) {
    this.#graphics = scene.add.graphics().setDepth(-2);
  }

  get width(): number {
    return this.#width;
  }

  get height(): number {
    return this.#height;
  }

  /** Draws the map's tiles; redraws only when the map changes. */
  setMap(map: MapInfo): void {
    const key = `${map.name}|${map.width}x${map.height}|${map.tiles.length}`;
    if (key === this.#drawnKey || map.tiles.length === 0) return;
    this.#drawnKey = key;
    this.grid = { tiles: map.tiles, tileSize: map.tileSize };
    this.#width = map.width;
    this.#height = map.height;
    const g = this.#graphics;
    const s = map.tileSize;
    g.clear();
    map.tiles.forEach((row, y) => {
      for (let x = 0; x < row.length; x++) this.#tile(g, row[x] ?? TILE.WALL, x * s, y * s, s, (x + y) % 2);
    });
    g.lineStyle(4, 0x7fa7d9, 0.9);
    g.strokeRect(-2, -2, map.width + 4, map.height + 4);
  }

  contains(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x <= this.#width && y <= this.#height;
  }

  #tile(g: Phaser.GameObjects.Graphics, tile: string, x: number, y: number, s: number, shade: number): void {
    const [a, b] = FILL[tile] ?? [0xff00ff, 0xff00ff];
    g.fillStyle(shade ? b : a, 1);
    g.fillRect(x, y, s, s);
    if (tile === TILE.TREE) {
      g.fillStyle(0x4f9a5a, 1);
      g.fillCircle(x + s / 2, y + s / 2, s * 0.4);
      g.fillStyle(0x6fbf78, 1);
      g.fillCircle(x + s / 2 - 3, y + s / 2 - 3, s * 0.2);
    } else if (tile === TILE.FLOWERS) {
      for (const [dx, dy, c] of [[8, 9, 0xffd84a], [22, 12, 0xff8ac8], [14, 23, 0xffffff]] as const) {
        g.fillStyle(c, 1);
        g.fillCircle(x + dx, y + dy, 2.5);
      }
    } else if (tile === TILE.WATER) {
      g.lineStyle(1.5, 0x8fc4f0, 0.7);
      g.lineBetween(x + 6, y + 12, x + 16, y + 12);
      g.lineBetween(x + 14, y + 22, x + 26, y + 22);
    } else if (tile === TILE.BENCH) {
      g.fillStyle(0x5a3f26, 1);
      g.fillRect(x + 2, y + s / 2 - 3, s - 4, 6);
    }
  }
}
