import Phaser from "phaser";
import { colorFor } from "./colors.ts";
import { AVATAR_RADIUS, TextureKey } from "./textures.ts";

const BODY_LIFT = AVATAR_RADIUS + 2;
const TAG_GAP = 6;

/**
 * How one avatar looks: shadow, body tinted with the person's colour, face, name tag,
 * and a ring under your own. Its position is the avatar's feet; it knows nothing of
 * the network.
 */
export class AvatarFigure extends Phaser.GameObjects.Container {
  readonly #tag: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene, colorKey: string, name: string, isSelf: boolean) {
    super(scene, 0, 0);
    const image = (y: number, key: string) => new Phaser.GameObjects.Image(scene, 0, y, key);
    const parts: Phaser.GameObjects.GameObject[] = [image(0, TextureKey.AVATAR_SHADOW)];
    if (isSelf) parts.push(image(0, TextureKey.SELF_RING));
    const body = image(-BODY_LIFT, TextureKey.AVATAR_BODY).setTint(colorFor(colorKey));
    parts.push(body, image(-BODY_LIFT, TextureKey.AVATAR_FACE));

    this.#tag = scene.make.text(
      {
        x: 0,
        y: -BODY_LIFT - AVATAR_RADIUS - TAG_GAP,
        text: name,
        style: {
          fontFamily: "system-ui, -apple-system, 'Segoe UI', sans-serif",
          fontSize: "13px",
          fontStyle: isSelf ? "bold" : "normal",
          color: isSelf ? "#1d2330" : "#ffffff",
          backgroundColor: isSelf ? "#ffd84a" : "rgba(15, 18, 26, 0.72)",
          padding: { x: 5, y: 2 },
          resolution: Math.max(1, Math.ceil(window.devicePixelRatio || 1)),
        },
      },
      false,
    );
    this.#tag.setOrigin(0.5, 1);
    parts.push(this.#tag);
    this.add(parts);
  }

  setDisplayName(name: string): void {
    if (this.#tag.text !== name) this.#tag.setText(name);
  }
}
