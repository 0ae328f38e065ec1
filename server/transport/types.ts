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

/** uWS checks its idle timeouts in steps of this many seconds. */
const UWS_TIMER_STEP_S = 4;

/**
 * The heartbeat of both transports from HEARTBEAT_SECONDS, and how long a socket that went
 * silent (vanished without a close) can stay counted as connected on each: uWS rounds its
 * idle timeout up to its timer step and may notice one step late; ws pings every third of
 * the heartbeat and terminates at the third tick without a pong.
 */
export function heartbeatOf(config: Pick<Config, "heartbeatSeconds">) {
  const uwsIdleTimeoutS = Math.ceil(config.heartbeatSeconds / UWS_TIMER_STEP_S) * UWS_TIMER_STEP_S;
  const wsPingMaxRetries = 2;
  const wsPingIntervalMs = Math.round((config.heartbeatSeconds * 1000) / (wsPingMaxRetries + 1));
  return {
    uwsIdleTimeoutS,
    wsPingIntervalMs,
    wsPingMaxRetries,
    /** Seconds from a socket's last frame until the transport drops it, at most, per transport. */
    deadAfterS: { uws: uwsIdleTimeoutS + UWS_TIMER_STEP_S, ws: (wsPingIntervalMs * (wsPingMaxRetries + 1)) / 1000 },
  };
}

/** Seconds from a socket's last frame until its seat is free, at most: the transport's bound plus the reconnect grace. */
export function deadSeatBoundS(config: Pick<Config, "heartbeatSeconds" | "reconnectGraceSeconds">, transport: TransportName): number {
  return heartbeatOf(config).deadAfterS[transport] + config.reconnectGraceSeconds;
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
