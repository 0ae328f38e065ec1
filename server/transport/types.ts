import type { BeforeUpgradeHandler } from "@colyseus/core";
import type { Config } from "../config.ts";
import type { Logger } from "../core/logger.ts";
import type { ColyseusBridge } from "../http/colyseus-bridge.ts";
import type { Gateway } from "../http/gateway.ts";

export type TransportName = "uws" | "ws";

export interface TransportDeps {
  config: Readonly<Config>;
  log: Logger;
  gateway: Gateway;
  bridge: ColyseusBridge;
  beforeUpgrade: BeforeUpgradeHandler;
}

/**
 * The transports' own frame limit, above WS_MAX_PAYLOAD_BYTES on purpose: a transport
 * that cuts a frame closes with 1006, which looks like a network drop (and would keep the
 * seat for the reconnect grace). Frames between the two limits reach the room, which
 * evicts the sender with CloseCode.FRAME_TOO_LARGE and no grace.
 */
export function transportFrameLimit(config: Pick<Config, "wsMaxPayloadBytes">): number {
  return Math.max(64 * 1024, 16 * config.wsMaxPayloadBytes);
}
