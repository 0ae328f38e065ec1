import type Phaser from "phaser";
import { TextureKey } from "./textures.ts";

/** The walkable floor: a tiled rectangle the size of the map, with a rim. */
export class FloorLayer {
  readonly #scene: Phaser.Scene;
  #tiles: Phaser.GameObjects.TileSprite | null = null;
  readonly #rim: Phaser.GameObjects.Graphics;
  #width = 0;
  #height = 0;

  constructor(scene: Phaser.Scene) {
    this.#scene = scene;
    this.#rim = scene.add.graphics().setDepth(-1);
  }

  get width(): number {
    return this.#width;
  }

  get height(): number {
    return this.#height;
  }

  /** Resizes the floor to the map; a map with no size yet draws nothing. */
  setSize(width: number, height: number): void {
    if (width === this.#width && height === this.#height) return;
    this.#width = width;
    this.#height = height;
    this.#tiles?.destroy();
    this.#tiles = null;
    this.#rim.clear();
    if (width <= 0 || height <= 0) return;
    this.#tiles = this.#scene.add.tileSprite(0, 0, width, height, TextureKey.FLOOR_TILE).setOrigin(0, 0);
    this.#tiles.setDepth(-2);
    this.#rim.lineStyle(4, 0x7fa7d9, 0.9);
    this.#rim.strokeRect(-2, -2, width + 4, height + 4);
  }

  contains(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x <= this.#width && y <= this.#height;
  }
}
