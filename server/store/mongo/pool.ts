import type {
  ConnectionCheckedOutEvent,
  ConnectionCheckOutFailedEvent,
  ConnectionClosedEvent,
  ConnectionPoolClearedEvent,
  MongoClient,
} from "mongodb";
import type { Logger } from "../../core/logger.ts";
import { RecentDurations } from "../recent.ts";
import type { PoolStats } from "../types.ts";

/** At most one exhaustion warning per this many ms: a starved pool fails many checkouts at once. */
const WARN_EVERY_MS = 10_000;

/**
 * Pool figures from the driver's CMAP events. The driver emits them per server; the
 * figures here are summed over the whole cluster, which is what /metrics wants.
 */
export class PoolMonitor {
  private inUse = 0;
  private waiting = 0;
  private failures = 0;
  private cleared = 0;
  private readonly waits = new RecentDurations();
  private lastWarnAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly logger: Logger) {}

  attach(client: MongoClient): void {
    client.on("connectionCheckOutStarted", () => {
      this.waiting++;
    });
    client.on("connectionCheckedOut", (e: ConnectionCheckedOutEvent) => {
      this.waiting = Math.max(0, this.waiting - 1);
      this.inUse++;
      this.waits.record(e.durationMS);
    });
    client.on("connectionCheckOutFailed", (e: ConnectionCheckOutFailedEvent) => this.onCheckoutFailed(e));
    client.on("connectionCheckedIn", () => {
      this.inUse = Math.max(0, this.inUse - 1);
    });
    client.on("connectionPoolCleared", (e: ConnectionPoolClearedEvent) => {
      this.cleared++;
      this.logger.warn(
        { address: e.address, interruptInUseConnections: e.interruptInUseConnections === true },
        "mongo connection pool cleared (server marked unknown; connections will be re-established)",
      );
    });
    client.on("connectionClosed", (e: ConnectionClosedEvent) => {
      // "stale"/"idle" closes are routine; "error" ones explain a later pool clear.
      const level = e.reason === "error" ? "warn" : "debug";
      this.logger[level]({ address: e.address, connectionId: e.connectionId, reason: e.reason }, "mongo connection closed");
    });
  }

  snapshot(): PoolStats {
    return {
      inUse: this.inUse,
      waiting: this.waiting,
      checkoutFailures: this.failures,
      waitP99Ms: this.waits.percentile(99),
      poolCleared: this.cleared,
    };
  }

  private onCheckoutFailed(e: ConnectionCheckOutFailedEvent): void {
    this.waiting = Math.max(0, this.waiting - 1);
    this.failures++;
    this.waits.record(e.durationMS);
    const now = Date.now();
    if (now - this.lastWarnAt < WARN_EVERY_MS) return;
    this.lastWarnAt = now;
    // reason "timeout": every connection was busy for waitQueueTimeoutMS, the pool is exhausted.
    this.logger.warn(
      { address: e.address, reason: e.reason, waitMs: e.durationMS, inUse: this.inUse, waiting: this.waiting },
      e.reason === "timeout" ? "mongo connection pool exhausted: checkout timed out" : "mongo connection checkout failed",
    );
  }
}
