import type Phaser from "phaser";
import type { AvatarSnapshot } from "../net/space-connection.ts";
import { AvatarFigure } from "./avatar-figure.ts";
import { InterpolationBuffer } from "./interpolation.ts";

interface Entry {
  name: string;
  isSelf: boolean;
  figure: AvatarFigure;
  motion: InterpolationBuffer;
}

/** What the layer draws for one avatar right now (used by the camera and the test hook). */
export interface DrawnAvatar {
  id: string;
  name: string;
  x: number;
  y: number;
  isSelf: boolean;
}

/**
 * Every avatar in the space: creates, moves and removes their figures from connection
 * snapshots. Positions are drawn through snapshot interpolation, so motion is smooth
 * between schema patches; the server alone decides where anyone is.
 */
export class AvatarLayer {
  readonly #scene: Phaser.Scene;
  readonly #entries = new Map<string, Entry>();

  constructor(scene: Phaser.Scene) {
    this.#scene = scene;
  }

  add(avatar: AvatarSnapshot, now: number): void {
    this.remove(avatar.id);
    const figure = new AvatarFigure(this.#scene, avatar.userId || avatar.id, avatar.name, avatar.isSelf);
    figure.setPosition(avatar.x, avatar.y).setDepth(avatar.y);
    this.#scene.add.existing(figure);
    this.#entries.set(avatar.id, {
      name: avatar.name,
      isSelf: avatar.isSelf,
      figure,
      motion: new InterpolationBuffer(now, avatar.x, avatar.y),
    });
  }

  change(avatar: AvatarSnapshot, now: number): void {
    const entry = this.#entries.get(avatar.id);
    if (!entry) {
      this.add(avatar, now);
      return;
    }
    entry.name = avatar.name;
    entry.figure.setDisplayName(avatar.name);
    entry.motion.push(now, avatar.x, avatar.y);
  }

  remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.figure.destroy();
    this.#entries.delete(id);
  }

  /** Places every figure where interpolation says it is at `now`; lower figures draw in front. */
  update(now: number): void {
    for (const entry of this.#entries.values()) {
      const { x, y } = entry.motion.sample(now);
      entry.figure.setPosition(x, y).setDepth(y);
    }
  }

  self(): DrawnAvatar | undefined {
    return this.drawn().find((a) => a.isSelf);
  }

  drawn(): DrawnAvatar[] {
    return [...this.#entries].map(([id, e]) => ({ id, name: e.name, x: e.figure.x, y: e.figure.y, isSelf: e.isSelf }));
  }

  clear(): void {
    for (const id of [...this.#entries.keys()]) this.remove(id);
  }
}
