import { createRequire } from "node:module";
import path from "node:path";
import type { Transport } from "@colyseus/core";
import type { Logger } from "../core/logger.ts";
import type { TransportDeps, TransportName } from "./types.ts";

const require = createRequire(import.meta.url);

/**
 * Whether uWebSockets.js's native binary loads on this Node. Its own loader falls back
 * to a slow JavaScript shim with only a console warning, so we try the binary ourselves.
 */
export function nativeUwsProblem(): string | null {
  try {
    const pkg = path.dirname(require.resolve("uWebSockets.js/package.json"));
    const { platform, arch, versions } = process;
    require(path.join(pkg, "binaries", `uws_${platform}_${arch}_${versions.modules}.node`));
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Picks the transport TRANSPORT asks for; `auto` prefers uWS and falls back to ws with a warning. */
export function chooseTransport(wanted: "auto" | TransportName, log: Logger): TransportName {
  if (wanted === "ws") return "ws";
  const problem = nativeUwsProblem();
  if (problem === null) return "uws";
  if (wanted === "uws") throw new Error(`TRANSPORT=uws but the native uWebSockets.js binary did not load: ${problem}`);
  log.warn({ problem }, "native uWebSockets.js binary did not load; falling back to the ws transport");
  return "ws";
}

/** Imports only the chosen transport, so the uWS module (and its shim) never loads when unused. */
export async function createTransport(name: TransportName, deps: TransportDeps): Promise<Transport> {
  if (name === "uws") {
    const { GatewayUwsTransport } = await import("./uws.ts");
    return new GatewayUwsTransport(deps);
  }
  const { GatewayWsTransport } = await import("./ws.ts");
  return new GatewayWsTransport(deps);
}
