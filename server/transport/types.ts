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
