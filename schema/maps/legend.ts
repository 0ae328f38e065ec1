/**
 * Tile legend shared by the server (collision) and the client (drawing). Map files in
 * this folder are rows of these characters.
 */
export const TILE = {
  FLOOR: ".",
  FLOWERS: "*",
  WALL: "#",
  WATER: "~",
  TREE: "T",
  BENCH: "=",
  /** A walkable path (gravel in the garden, paving stripes in the plaza). */
  PATH: ":",
  /** A walkable rug or carpet (indoors). */
  RUG: "_",
  /** A notice board (blocked); a `board` object in the map file says what it shows. */
  BOARD: "B",
  /** Furniture and garden things, all blocked: a table, a potted plant, a bookshelf, a rock. */
  TABLE: "t",
  PLANT: "p",
  SHELF: "S",
  ROCK: "o",
} as const;
export type Tile = (typeof TILE)[keyof typeof TILE];

/** Tiles an avatar cannot stand on. */
export const BLOCKING: ReadonlySet<string> = new Set([
  TILE.WALL,
  TILE.WATER,
  TILE.TREE,
  TILE.BENCH,
  TILE.BOARD,
  TILE.TABLE,
  TILE.PLANT,
  TILE.SHELF,
  TILE.ROCK,
]);

/** Every tile a map file may use (its rows are checked against this). */
export const TILE_CHARS: ReadonlySet<string> = new Set(Object.values(TILE));

export function isBlockingTile(tile: string | undefined): boolean {
  return tile === undefined || BLOCKING.has(tile);
}
