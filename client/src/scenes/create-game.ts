import Phaser from "phaser";
import type { SpaceConnection } from "../net/space-connection.ts";
import { followParentLayout } from "./follow-parent.ts";
import { WorldScene } from "./world-scene.ts";

/** Phaser boots in well under a second; past this, something (CSP, no WebGL/canvas) stopped it. */
const BOOT_TIMEOUT_MS = 15_000;

/**
 * Boots Phaser into `parent` with the world scene for `connection`, and resolves once
 * the scene has been created (so no connection event can arrive before it listens).
 * Rejects, and removes the half-built game, if the scene is not up in time.
 */
export async function createGame(
  parent: HTMLElement,
  connection: SpaceConnection,
): Promise<{ game: Phaser.Game; scene: WorldScene }> {
  const scene = new WorldScene(connection);
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    backgroundColor: "#151a24",
    banner: false,
    audio: { noAudio: true },
    disableContextMenu: true,
    scale: {
      mode: Phaser.Scale.RESIZE,
      width: Math.max(1, parent.clientWidth),
      height: Math.max(1, parent.clientHeight),
    },
    scene: [scene],
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the renderer did not start within ${BOOT_TIMEOUT_MS} ms`)), BOOT_TIMEOUT_MS);
  });
  try {
    await Promise.race([scene.created, timeout]);
  } catch (error) {
    game.destroy(true);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  followParentLayout(game, parent);
  return { game, scene };
}
