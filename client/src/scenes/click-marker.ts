import type Phaser from "phaser";
import { TextureKey } from "./textures.ts";

/** A ring that shrinks and fades where you clicked, so a click visibly registered. */
export class ClickMarker {
  readonly #scene: Phaser.Scene;

  constructor(scene: Phaser.Scene) {
    this.#scene = scene;
  }

  show(x: number, y: number): void {
    const ring = this.#scene.add.image(x, y, TextureKey.CLICK_RING).setDepth(-1).setScale(1.4).setAlpha(0.9);
    ring.setTint(0xffd84a);
    this.#scene.tweens.add({
      targets: ring,
      scale: 0.4,
      alpha: 0,
      duration: 600,
      ease: "Quad.easeOut",
      onComplete: () => ring.destroy(),
    });
  }
}
