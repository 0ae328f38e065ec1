import { createRequire } from "node:module";

/**
 * @colyseus/core 0.18 targets Node 22 and reads the global `WebSocket` (for
 * `WebSocket.OPEN`) on the reconnection path; Node 20 has no such global, so every
 * reconnection failed with a ReferenceError. We provide `ws`'s class, which Colyseus's
 * ws transport already depends on. Imported first by the app.
 */
if (!("WebSocket" in globalThis)) {
  const ws = createRequire(import.meta.url)("ws") as { WebSocket: unknown };
  Object.assign(globalThis, { WebSocket: ws.WebSocket });
}
