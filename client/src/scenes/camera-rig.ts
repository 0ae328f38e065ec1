import type Phaser from "phaser";

/**
 * Keeps the map in view: a map that fits the viewport on an axis is centred on it; a
 * larger one scrolls to keep your avatar in view without showing past the edges.
 */
export class CameraRig {
  readonly #camera: Phaser.Cameras.Scene2D.Camera;
  #placed = false;

  constructor(camera: Phaser.Cameras.Scene2D.Camera) {
    this.#camera = camera;
  }

  update(map: { width: number; height: number }, focus: { x: number; y: number } | undefined): void {
    if (map.width <= 0 || map.height <= 0) return;
    const cam = this.#camera;
    const target = focus ?? { x: map.width / 2, y: map.height / 2 };
    const x = axisCentre(target.x, map.width, cam.width / cam.zoom);
    const y = axisCentre(target.y, map.height, cam.height / cam.zoom);
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

function axisCentre(target: number, mapSize: number, viewSize: number): number {
  if (mapSize <= viewSize) return mapSize / 2;
  const half = viewSize / 2;
  return Math.min(Math.max(target, half), mapSize - half);
}
