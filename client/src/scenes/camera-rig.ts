import type Phaser from "phaser";

/** Screen space (px) covered by page panels on each side of the map view: the side panel, the chat line, an overlay. */
export interface Insets {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const NO_INSETS: Insets = { left: 0, right: 0, top: 0, bottom: 0 };

/**
 * Keeps the map in view in the part of the screen that panels leave free: a map that fits
 * there on an axis is centred in it; a larger one scrolls to keep your avatar in view, and
 * can scroll each edge out from under the panel (so no edge is ever hidden for good).
 */
export class CameraRig {
  readonly #camera: Phaser.Cameras.Scene2D.Camera;
  #placed = false;

  constructor(camera: Phaser.Cameras.Scene2D.Camera) {
    this.#camera = camera;
  }

  update(map: { width: number; height: number }, focus: { x: number; y: number } | undefined, insets: Insets = NO_INSETS): void {
    if (map.width <= 0 || map.height <= 0) return;
    const cam = this.#camera;
    const target = focus ?? { x: map.width / 2, y: map.height / 2 };
    const x = cameraCentre(target.x, map.width, cam.width / cam.zoom, insets.left / cam.zoom, insets.right / cam.zoom);
    const y = cameraCentre(target.y, map.height, cam.height / cam.zoom, insets.top / cam.zoom, insets.bottom / cam.zoom);
    if (!this.#placed) {
      cam.centerOn(x, y);
      this.#placed = true;
      return;
    }
    const current = cam.midPoint;
    const ease = 0.15;
    cam.centerOn(current.x + (x - current.x) * ease, current.y + (y - current.y) * ease);
  }
}

/**
 * Where the camera's centre goes on one axis (world units): the map (or, when it is larger
 * than the free part of the view, the followed point clamped to the map) lands in the
 * middle of the free part, which lies between `before` and `after` of panel.
 */
export function cameraCentre(target: number, mapSize: number, viewSize: number, before: number, after: number): number {
  const free = Math.max(viewSize - before - after, viewSize * 0.3);
  const shift = (before - after) / 2;
  if (mapSize <= free) return mapSize / 2 - shift;
  const half = free / 2;
  return Math.min(Math.max(target, half), mapSize - half) - shift;
}
