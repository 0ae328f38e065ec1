import type Phaser from "phaser";
import { isBlockingTile, TILE } from "#schema/maps/legend.ts";
import { tileNoise } from "./map-themes.ts";

/**
 * Things standing on the floor, drawn over a tile's base (floor-layer.ts draws the base):
 * a notice board, a table, a potted plant, a bookshelf, a rock. All are blocked tiles in
 * the legend, so what one sees in the way is what the server stops one at.
 */
export const FURNITURE: ReadonlySet<string> = new Set([TILE.BOARD, TILE.TABLE, TILE.PLANT, TILE.SHELF, TILE.ROCK]);

/** Tiles drawn over another tile's look: the furniture and benches. */
export function standsOnFloor(tile: string): boolean {
  return FURNITURE.has(tile) || tile === TILE.BENCH;
}

/**
 * The tile whose look is drawn under a piece: a board on the outer wall hangs on the wall;
 * anything else stands on what is around it (a sofa on the rug, a bench on paving).
 */
export function baseUnder(tiles: readonly string[], col: number, row: number): string {
  const tile = tiles[row]?.[col];
  if (tile === TILE.BOARD && (row === 0 || row === tiles.length - 1)) return TILE.WALL;
  for (const [dc, dr] of [[0, -1], [0, 1], [-1, 0], [1, 0]] as const) {
    const next = tiles[row + dr]?.[col + dc];
    if (next !== undefined && !isBlockingTile(next)) return next === TILE.FLOWERS ? TILE.FLOOR : next;
  }
  return TILE.FLOOR;
}

type Draw = (g: Phaser.GameObjects.Graphics, col: number, row: number, x: number, y: number, s: number) => void;

export function drawFurniture(g: Phaser.GameObjects.Graphics, tile: string, col: number, row: number, x: number, y: number, s: number): void {
  DRAWERS[tile]?.(g, col, row, x, y, s);
}

/** A cork board in a wooden frame with three notes pinned on it. */
function board(g: Phaser.GameObjects.Graphics, _col: number, _row: number, x: number, y: number, s: number): void {
  g.fillStyle(0x000000, 0.3);
  g.fillRect(x + 3, y + 5, s - 4, s - 6);
  g.fillStyle(0x6b4a2b, 1);
  g.fillRect(x + 1, y + 3, s - 2, s - 6);
  g.fillStyle(0xc79a5b, 1);
  g.fillRect(x + 4, y + 6, s - 8, s - 12);
  const notes: Array<[number, number, number]> = [
    [6, 8, 0xfdf6d8],
    [17, 9, 0xbfe3ff],
    [10, 17, 0xffd0e0],
  ];
  for (const [dx, dy, colour] of notes) {
    g.fillStyle(colour, 1);
    g.fillRect(x + dx, y + dy, 9, 7);
    g.fillStyle(0xd23c3c, 1);
    g.fillCircle(x + dx + 4.5, y + dy + 1, 1.2);
  }
}

/** A square wooden table with a chair on each side and a cup on it. */
function table(g: Phaser.GameObjects.Graphics, _col: number, _row: number, x: number, y: number, s: number): void {
  g.fillStyle(0x000000, 0.28);
  g.fillRect(x + 7, y + 9, s - 12, s - 12);
  g.fillStyle(0x3e2b1a, 1);
  g.fillRoundedRect(x + 1, y + s / 2 - 5, 6, 10, 2);
  g.fillRoundedRect(x + s - 7, y + s / 2 - 5, 6, 10, 2);
  g.fillStyle(0x8a623c, 1);
  g.fillRect(x + 7, y + 6, s - 14, s - 12);
  g.lineStyle(1, 0x6b4a2b, 1);
  g.strokeRect(x + 7.5, y + 6.5, s - 15, s - 13);
  g.lineBetween(x + 8, y + s / 2, x + s - 8, y + s / 2);
  g.fillStyle(0xf4f1ea, 1);
  g.fillCircle(x + s / 2 + 3, y + s / 2 - 4, 2.5);
}

/** A clay pot with a leafy plant. */
function plant(g: Phaser.GameObjects.Graphics, _col: number, _row: number, x: number, y: number, s: number): void {
  g.fillStyle(0x000000, 0.3);
  g.fillEllipse(x + s / 2 + 2, y + s * 0.8, s * 0.7, s * 0.25);
  g.fillStyle(0xb4603a, 1);
  g.fillRect(x + s * 0.3, y + s * 0.55, s * 0.4, s * 0.3);
  g.fillStyle(0x2f7d3e, 1);
  g.fillCircle(x + s / 2, y + s * 0.4, s * 0.24);
  g.fillStyle(0x47a355, 1);
  g.fillCircle(x + s * 0.36, y + s * 0.34, s * 0.14);
  g.fillCircle(x + s * 0.64, y + s * 0.36, s * 0.14);
}

/** A bookshelf against the wall: rows of coloured spines. */
function shelf(g: Phaser.GameObjects.Graphics, col: number, row: number, x: number, y: number, s: number): void {
  g.fillStyle(0x4a3020, 1);
  g.fillRect(x + 1, y + 1, s - 2, s - 4);
  const spines = [0xb04a3a, 0x3a6ab0, 0xd8b04a, 0x4a9a6a, 0x8a4ab0];
  for (const shelfY of [4, 16]) {
    let bx = x + 3;
    for (let i = 0; bx < x + s - 4; i++) {
      const width = 3 + Math.floor(tileNoise(col, row, i + shelfY) * 3);
      g.fillStyle(spines[(i + col) % spines.length] ?? 0xffffff, 1);
      g.fillRect(bx, y + shelfY, Math.min(width, x + s - 4 - bx), 9);
      bx += width + 1;
    }
  }
}

/** A grey boulder with a lighter top. */
function rock(g: Phaser.GameObjects.Graphics, col: number, row: number, x: number, y: number, s: number): void {
  const lean = tileNoise(col, row, 3) * 4 - 2;
  g.fillStyle(0x000000, 0.3);
  g.fillEllipse(x + s / 2 + 2, y + s * 0.75, s * 0.8, s * 0.3);
  g.fillStyle(0x7b8088, 1);
  g.fillEllipse(x + s / 2 + lean, y + s * 0.55, s * 0.75, s * 0.55);
  g.fillStyle(0x9ca1a8, 1);
  g.fillEllipse(x + s / 2 + lean - 2, y + s * 0.47, s * 0.45, s * 0.28);
}

const DRAWERS: Record<string, Draw> = {
  [TILE.BOARD]: board,
  [TILE.TABLE]: table,
  [TILE.PLANT]: plant,
  [TILE.SHELF]: shelf,
  [TILE.ROCK]: rock,
};
