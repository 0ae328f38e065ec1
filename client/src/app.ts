import type Phaser from "phaser";
import { type ConnectionStatus, SpaceConnection } from "./net/space-connection.ts";
import { createGame } from "./scenes/create-game.ts";
import type { WorldScene } from "./scenes/world-scene.ts";
import { requireElement } from "./ui/dom.ts";
import { EnterPanel } from "./ui/enter-panel.ts";
import { StatusBar } from "./ui/status-bar.ts";

interface World {
  connection: SpaceConnection;
  game: Phaser.Game;
  scene: WorldScene;
}

/**
 * The page's lifecycle: name panel → joining → in the world → (left or dropped) back to
 * the panel. It owns one world (connection + game) at a time and tears both down together.
 */
export class App {
  readonly #gameParent = requireElement("game", HTMLElement);
  readonly #statusBar = new StatusBar();
  readonly #panel = new EnterPanel((name) => void this.#enter(name));
  #world: World | null = null;
  #status: ConnectionStatus = { kind: "idle" };

  constructor() {
    this.#statusBar.showStatus(this.#status);
    this.#statusBar.clearError();
    this.#panel.show();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get scene(): WorldScene | null {
    return this.#world?.scene ?? null;
  }

  async #enter(name: string): Promise<void> {
    if (this.#world) return;
    this.#panel.setBusy(true);
    this.#statusBar.clearError();
    const connection = new SpaceConnection(location.origin);
    connection.on("status", (status) => this.#onStatus(status));
    connection.on("serverError", (error) => this.#statusBar.showError(`${error.message} (${error.code})`));
    connection.on("transportError", (message) => this.#statusBar.showError(message));
    try {
      const { game, scene } = await createGame(this.#gameParent, connection);
      this.#world = { connection, game, scene };
    } catch (error) {
      console.error("could not start the renderer", error);
      this.#statusBar.showError("This browser could not start the world renderer.");
      await connection.dispose();
      this.#panel.show();
      return;
    }
    if (await connection.join(name)) this.#panel.hide();
    else await this.#leaveWorld();
  }

  #onStatus(status: ConnectionStatus): void {
    this.#status = status;
    this.#statusBar.showStatus(status);
    if (status.kind === "disconnected" && this.#world) void this.#leaveWorld();
  }

  async #leaveWorld(): Promise<void> {
    const world = this.#world;
    this.#world = null;
    if (!world) return;
    world.game.destroy(true);
    await world.connection.dispose();
    this.#panel.show();
  }
}
