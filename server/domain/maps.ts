import type { Bounds, Point } from "./movement.ts";

export interface SpaceMap extends Bounds {
  name: string;
  spawn: Point;
}

/** The built-in spaces. (Tile maps loaded from files arrive with the world issue.) */
export const MAPS: Readonly<Record<string, SpaceMap>> = {
  plaza: { name: "plaza", width: 960, height: 640, spawn: { x: 480, y: 320 } },
  garden: { name: "garden", width: 800, height: 800, spawn: { x: 400, y: 700 } },
  room: { name: "room", width: 480, height: 360, spawn: { x: 240, y: 180 } },
};

export const DEFAULT_MAP = "plaza";

export function mapNamed(name: string | undefined): SpaceMap | undefined {
  return Object.hasOwn(MAPS, name ?? DEFAULT_MAP) ? MAPS[name ?? DEFAULT_MAP] : undefined;
}

/** Walking speed, px/s: the server never moves an avatar faster. */
export const WALK_SPEED = 160;
/** Avatars keep this far from the edges. */
export const EDGE_MARGIN = 16;
