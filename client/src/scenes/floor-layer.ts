import type Phaser from "phaser";
import { TILE } from "#schema/maps/legend.ts";
import type { MapInfo } from "../net/space-connection.ts";
import { baseUnder, drawFurniture, FURNITURE, standsOnFloor } from "./furniture.ts";
import { type MapTheme, type TileLook, themeOf, tileNoise } from "./map-themes.ts";

/** The map as drawn: one pass over its tile rows into a single Graphics object, in the map's own theme. */
export class FloorLayer {
  readonly #graphics: Phaser.GameObjects.Graphics;
  readonly #scene: Phaser.Scene;
  #width = 0;
  #height = 0;
  #drawnKey = "";
  /** The map's tile rows and size, for line-of-sight checks. */
  grid: { tiles: readonly string[]; tileSize: number } = { tiles: [], tileSize: 32 };

  constructor(scene: Phaser.Scene) {
    this.#scene = scene;
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
    const key = `${map.name}|${map.width}x${map.height}|${map.tiles.length}|${map.tiles.join("").length}`;
    if (key === this.#drawnKey || map.tiles.length === 0) return;
    this.#drawnKey = key;
    this.grid = { tiles: map.tiles, tileSize: map.tileSize };
    this.#width = map.width;
    this.#height = map.height;
    const theme = themeOf(map.name);
    this.#scene.cameras.main.setBackgroundColor(theme.backdrop);
    const g = this.#graphics;
    const s = map.tileSize;
    g.clear();
    map.tiles.forEach((row, y) => {
      for (let x = 0; x < row.length; x++) {
        const tile = row[x] ?? TILE.WALL;
        this.#tile(g, theme, tile, standsOnFloor(tile) ? baseUnder(map.tiles, x, y) : tile, x, y, s);
      }
    });
    g.lineStyle(4, theme.border, 0.9);
    g.strokeRect(-2, -2, map.width + 4, map.height + 4);
  }

  contains(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x <= this.#width && y <= this.#height;
  }

  /** One tile: `base` is the surface drawn under it (itself, or for furniture what it stands on). */
  #tile(g: Phaser.GameObjects.Graphics, theme: MapTheme, tile: string, base: string, col: number, row: number, s: number): void {
    const furniture = FURNITURE.has(tile);
    const look: TileLook = theme.tiles[base] ?? { fill: [0xff00ff, 0xff00ff], detail: "none", mark: 0 };
    const x = col * s;
    const y = row * s;
    g.fillStyle(look.fill[(col + row) % 2] ?? look.fill[0], 1);
    g.fillRect(x, y, s, s);
    this.#detail(g, look, col, row, x, y, s);
    if (furniture) drawFurniture(g, tile, col, row, x, y, s);
    else if (tile === TILE.TREE) {
      g.fillStyle(0x1d3a22, 0.5);
      g.fillEllipse(x + s / 2 + 2, y + s * 0.8, s * 0.8, s * 0.3);
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
      // A backrest and a slatted seat: a place to sit, not a crate.
      g.fillStyle(0x000000, 0.25);
      g.fillRect(x + 1, y + s / 2 + 6, s - 2, 4);
      g.fillStyle(0x4a3320, 1);
      g.fillRect(x, y + 5, s, 6);
      g.fillStyle(0x7a5636, 1);
      g.fillRect(x, y + s / 2 - 4, s, 9);
      g.lineStyle(1, 0x5a3f26, 1);
      g.lineBetween(x, y + s / 2 + 0.5, x + s, y + s / 2 + 0.5);
      g.fillStyle(0x3e2b1a, 1);
      g.fillRect(x + 3, y + s / 2 + 5, 3, 6);
      g.fillRect(x + s - 6, y + s / 2 + 5, 3, 6);
    }
  }

  /** The small marks that make a surface read as what it is. */
  #detail(g: Phaser.GameObjects.Graphics, look: TileLook, col: number, row: number, x: number, y: number, s: number): void {
    switch (look.detail) {
      case "joints":
        g.lineStyle(1, look.mark, 0.9);
        g.strokeRect(x + 0.5, y + 0.5, s - 1, s - 1);
        g.lineBetween(x + (row % 2 ? s / 2 : 0), y + s / 2, x + (row % 2 ? s / 2 : 0), y + s);
        break;
      case "blades":
        g.lineStyle(1.5, look.mark, 0.9);
        for (let i = 0; i < 4; i++) {
          const bx = x + 3 + tileNoise(col, row, i) * (s - 6);
          const by = y + 6 + tileNoise(col, row, i + 7) * (s - 10);
          g.lineBetween(bx, by, bx - 1.5, by - 4);
          g.lineBetween(bx + 2, by, bx + 3, by - 4);
        }
        break;
      case "gravel":
        g.fillStyle(look.mark, 0.9);
        for (let i = 0; i < 6; i++) g.fillCircle(x + 2 + tileNoise(col, row, i) * (s - 4), y + 2 + tileNoise(col, row, i + 11) * (s - 4), 1.4);
        break;
      case "boards":
        g.lineStyle(1, look.mark, 0.9);
        for (const dy of [0, s / 2]) g.lineBetween(x, y + dy + 0.5, x + s, y + dy + 0.5);
        g.lineBetween(x + ((col + row) % 2 ? s * 0.3 : s * 0.7), y, x + ((col + row) % 2 ? s * 0.3 : s * 0.7), y + s / 2);
        break;
      case "weave":
        g.lineStyle(1, look.mark, 0.7);
        for (let d = 4; d < s; d += 8) g.lineBetween(x + d, y, x + d, y + s);
        break;
      case "none":
        break;
    }
  }
}
