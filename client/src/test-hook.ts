import type { ConnectionStatus } from "./net/space-connection.ts";
import type { DrawnAvatar as LayerAvatar } from "./scenes/avatar-layer.ts";
import type { WorldScene } from "./scenes/world-scene.ts";
import type { MinimapSnapshot } from "./ui/minimap.ts";

/**
 * TEST HOOK, read-only: lets the end-to-end tests read what the page draws without
 * parsing pixels. It exposes copies, never live objects, and no way to change state.
 */
export interface NeoSpaceTestHook {
  /** Avatars as drawn now (interpolated positions, world units, rounded to 0.1). */
  /** As the avatar layer draws them (DrawnAvatar), its own one marked `self`. */
  avatars(): Array<Omit<LayerAvatar, "id" | "isSelf"> & { self: boolean }>;
  /** The connection status kind: idle | connecting | connected | reconnecting | disconnected. */
  status(): ConnectionStatus["kind"];
  /** The close code (or, for a refused join, its close-code equivalent or HTTP status) of the last drop, else null. */
  statusCode(): number | null;
  /** The world point under a page coordinate (to know where a click lands), or null. */
  worldPointAt(clientX: number, clientY: number): { x: number; y: number } | null;
  /** The page coordinate where a world point is drawn (to look at it in a screenshot), or null. */
  clientPointOf(x: number, y: number): { x: number; y: number } | null;
  /** What the minimap shows now (a copy), or null outside the world. */
  minimap(): MinimapSnapshot | null;
}

declare global {
  interface Window {
    __neospace?: NeoSpaceTestHook;
  }
}

export function installTestHook(read: { scene(): WorldScene | null; status(): ConnectionStatus }): void {
  const round = (v: number) => Math.round(v * 10) / 10;
  const hook: NeoSpaceTestHook = {
    avatars: () =>
      (read.scene()?.drawnAvatars() ?? []).map((a) => ({
        name: a.name,
        x: round(a.x),
        y: round(a.y),
        self: a.isSelf,
        look: a.look,
        appearance: a.appearance,
        pose: a.pose,
        expression: a.expression,
        bubble: a.bubble,
        action: a.action,
        motion: a.motion,
        reconnecting: a.reconnecting,
        seat: a.seat,
        labels: { x: round(a.labels.x), y: round(a.labels.y), width: round(a.labels.width), height: round(a.labels.height) },
      })),
    status: () => read.status().kind,
    statusCode: () => {
      const status = read.status();
      return status.kind === "disconnected" || status.kind === "reconnecting" ? status.code : null;
    },
    worldPointAt: (clientX, clientY) => read.scene()?.worldPointAt(clientX, clientY) ?? null,
    clientPointOf: (x, y) => read.scene()?.clientPointOf(x, y) ?? null,
    minimap: () => read.scene()?.minimapState() ?? null,
  };
  Object.defineProperty(window, "__neospace", { value: Object.freeze(hook), writable: false, configurable: false });
}

/** One avatar as the hook reports it (the e2e tests read these). */
export type DrawnAvatar = ReturnType<NeoSpaceTestHook["avatars"]>[number];
