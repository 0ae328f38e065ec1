import type Phaser from "phaser";

/** Keys of the textures drawn at boot; nothing is downloaded. */
export const TextureKey = {
  FLOOR_TILE: "floor-tile",
  AVATAR_SHADOW: "avatar-shadow",
  SELF_RING: "self-ring",
  CLICK_RING: "click-ring",
} as const;

/** Side of one floor tile in world units; the floor texture holds 2×2 tiles. */
export const TILE_SIZE = 32;
export const AVATAR_RADIUS = 14;

/** Draws every texture the world uses, once per game (textures are game-wide). */
export function createTextures(scene: Phaser.Scene): void {
  if (scene.textures.exists(TextureKey.FLOOR_TILE)) return;
  const g = scene.make.graphics({}, false);

  bake(g, TextureKey.FLOOR_TILE, TILE_SIZE * 2, TILE_SIZE * 2, () => {
    const light = 0x3b4a5e;
    const dark = 0x34425a;
    for (let row = 0; row < 2; row++) {
      for (let col = 0; col < 2; col++) {
        g.fillStyle((row + col) % 2 === 0 ? light : dark, 1);
        g.fillRect(col * TILE_SIZE, row * TILE_SIZE, TILE_SIZE, TILE_SIZE);
      }
    }
    g.lineStyle(1, 0x2a3547, 1);
    g.strokeRect(0.5, 0.5, TILE_SIZE * 2 - 1, TILE_SIZE * 2 - 1);
    g.lineBetween(TILE_SIZE + 0.5, 0, TILE_SIZE + 0.5, TILE_SIZE * 2);
    g.lineBetween(0, TILE_SIZE + 0.5, TILE_SIZE * 2, TILE_SIZE + 0.5);
  });

  bake(g, TextureKey.AVATAR_SHADOW, 36, 14, () => {
    g.fillStyle(0x000000, 0.35);
    g.fillEllipse(18, 7, 34, 12);
  });

  bake(g, TextureKey.SELF_RING, 48, 20, () => {
    // White: no mood's aura uses it, so "this is you" never reads as "exuberant".
    g.lineStyle(3, 0xffffff, 1);
    g.strokeEllipse(24, 10, 42, 15);
  });

  bake(g, TextureKey.CLICK_RING, 32, 32, () => {
    g.lineStyle(3, 0xffffff, 1);
    g.strokeCircle(16, 16, 13);
  });

  g.destroy();
}

function bake(g: Phaser.GameObjects.Graphics, key: string, width: number, height: number, draw: () => void): void {
  g.clear();
  draw();
  g.generateTexture(key, width, height);
}
