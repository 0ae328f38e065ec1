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
} as const;
export type Tile = (typeof TILE)[keyof typeof TILE];

/** Tiles an avatar cannot stand on. */
export const BLOCKING: ReadonlySet<string> = new Set([TILE.WALL, TILE.WATER, TILE.TREE, TILE.BENCH]);

export function isBlockingTile(tile: string | undefined): boolean {
  return tile === undefined || BLOCKING.has(tile);
}
