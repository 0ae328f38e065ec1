import type { Config } from "../config.ts";
import type { Logger } from "../core/logger.ts";
import type { Metrics } from "../core/metrics.ts";
import type { ReconnectGrants } from "../auth/reconnect-grants.ts";
import type { SessionService } from "../auth/sessions.ts";
import type { PersisterRegistry } from "./persistence/registry.ts";
import type { SeatLedger } from "./seat-ledger.ts";

/** What every room needs from the app; rooms are built by factories that close over it. */
export interface RoomDeps {
  config: Readonly<Config>;
  log: Logger;
  metrics: Metrics;
  now: () => number;
  sessions: SessionService;
  grants: ReconnectGrants;
  seats: SeatLedger;
  /**
   * Live room persisters (rooms/persistence), flushed by the app on shutdown. Rooms get
   * no store: what a room keeps goes through a repository in its own deps (a space's
   * `personalities`; a Song's repository behind its persister).
   */
  persisters: PersisterRegistry;
}
