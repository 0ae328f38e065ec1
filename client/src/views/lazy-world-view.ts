import type { WorldScene } from "../scenes/world-scene.ts";
import { VIEW_LOAD_FAILED } from "./lazy-view.ts";
import type { View } from "./view.ts";
import type { WorldParams, WorldView, WorldViewDeps } from "./world-view.ts";

/**
 * The world as the app holds it: the same surface as WorldView (open, close, the scene the
 * test hook reads), with Phaser, the scene and the room client in a chunk fetched at the
 * first open, so the sign-up form loads without them (issue 12 #14).
 */
export class LazyWorldView implements View<WorldParams> {
  #view: WorldView | null = null;
  #loading: Promise<WorldView> | null = null;

  constructor(private readonly deps: WorldViewDeps) {}

  get scene(): WorldScene | null {
    return this.#view?.scene ?? null;
  }

  async open(params: WorldParams): Promise<void> {
    let view: WorldView;
    try {
      view = await this.#load();
    } catch {
      this.deps.statusBar.showError(VIEW_LOAD_FAILED);
      return;
    }
    await view.open(params);
  }

  async close(): Promise<void> {
    if (!this.#loading) return;
    const view = await this.#loading.catch(() => null);
    await view?.close();
  }

  #load(): Promise<WorldView> {
    this.#loading ??= import("./world-view.ts").then(
      ({ WorldView }) => {
        this.#view = new WorldView(this.deps);
        return this.#view;
      },
      (error: unknown) => {
        // A chunk that could not be fetched: the next open (Enter the space) tries again.
        this.#loading = null;
        throw error;
      },
    );
    return this.#loading;
  }
}
