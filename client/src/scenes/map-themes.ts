import { TILE } from "#schema/maps/legend.ts";

/**
 * Each map's own look, drawn procedurally by the floor layer: the plaza is warm stone
 * paving, the garden grass with gravel paths and hedges, the small room wooden boards with
 * a rug. Colours are pairs (alternate tiles) so the grid still reads; `detail` says which
 * small marks are drawn on the base colour.
 */
export type Detail = "joints" | "blades" | "gravel" | "boards" | "weave" | "none";

export interface TileLook {
  fill: [number, number];
  detail: Detail;
  /** Colour of the detail marks. */
  mark: number;
}

export interface MapTheme {
  /** The colour around the map (the page behind the canvas). */
  backdrop: number;
  border: number;
  tiles: Record<string, TileLook>;
}

const water: TileLook = { fill: [0x2d6fb3, 0x2a67a8], detail: "none", mark: 0x8fc4f0 };
const tree: TileLook = { fill: [0x2f5a36, 0x2f5a36], detail: "none", mark: 0x4f9a5a };
const bench: TileLook = { fill: [0x7a5a3a, 0x7a5a3a], detail: "none", mark: 0x5a3f26 };

export const MAP_THEMES: Record<string, MapTheme> = {
  plaza: {
    backdrop: 0x1b1d22,
    border: 0xb9a27a,
    tiles: {
      [TILE.FLOOR]: { fill: [0x6d655b, 0x665e55], detail: "joints", mark: 0x57504a },
      [TILE.PATH]: { fill: [0x8c7a5e, 0x857358], detail: "joints", mark: 0x6e6049 },
      [TILE.FLOWERS]: { fill: [0x4d7a45, 0x487340], detail: "blades", mark: 0x6d9c5f },
      [TILE.WALL]: { fill: [0x34302c, 0x34302c], detail: "joints", mark: 0x25221f },
      [TILE.RUG]: { fill: [0x7a3b3b, 0x7a3b3b], detail: "weave", mark: 0x9a5b4b },
      [TILE.WATER]: water,
      [TILE.TREE]: { fill: [0x6d655b, 0x666055], detail: "none", mark: 0x4f9a5a },
      [TILE.BENCH]: bench,
    },
  },
  garden: {
    backdrop: 0x13201a,
    border: 0x3f6b3a,
    tiles: {
      [TILE.FLOOR]: { fill: [0x3f7d3a, 0x3b7637], detail: "blades", mark: 0x5a9a4c },
      [TILE.PATH]: { fill: [0x9b8660, 0x958059], detail: "gravel", mark: 0x7c6a4a },
      [TILE.FLOWERS]: { fill: [0x3f7d3a, 0x3b7637], detail: "blades", mark: 0x5a9a4c },
      [TILE.WALL]: { fill: [0x1f4a24, 0x1d4522], detail: "blades", mark: 0x2d6332 },
      [TILE.RUG]: { fill: [0x9b8660, 0x958059], detail: "gravel", mark: 0x7c6a4a },
      [TILE.WATER]: water,
      [TILE.TREE]: { fill: [0x3f7d3a, 0x3b7637], detail: "none", mark: 0x4f9a5a },
      [TILE.BENCH]: bench,
    },
  },
  room: {
    backdrop: 0x1a1512,
    border: 0x8a6a4a,
    tiles: {
      [TILE.FLOOR]: { fill: [0x7a5838, 0x735334], detail: "boards", mark: 0x5e432a },
      [TILE.PATH]: { fill: [0x7a5838, 0x735334], detail: "boards", mark: 0x5e432a },
      [TILE.FLOWERS]: { fill: [0x7a5838, 0x735334], detail: "boards", mark: 0x5e432a },
      [TILE.WALL]: { fill: [0x3b2e27, 0x3b2e27], detail: "joints", mark: 0x2a201b },
      [TILE.RUG]: { fill: [0x6b2f4a, 0x662d47], detail: "weave", mark: 0x8e4d68 },
      [TILE.WATER]: water,
      [TILE.TREE]: tree,
      [TILE.BENCH]: { fill: [0x7a5838, 0x735334], detail: "none", mark: 0x4a3423 },
    },
  },
};

/** A map without a theme of its own is drawn like the plaza. */
export function themeOf(mapName: string): MapTheme {
  return MAP_THEMES[mapName] ?? (MAP_THEMES.plaza as MapTheme);
}

/** A small deterministic hash of a tile's place: the same marks every time the map is drawn. */
export function tileNoise(col: number, row: number, salt = 0): number {
  let h = (col * 374761393 + row * 668265263 + salt * 2147483647) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}
