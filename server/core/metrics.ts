import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { PoolStats } from "../store/types.ts";

/** Every metric NeoSpace exports, on one registry owned by the app (not prom-client's global). */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route">;
  rooms: Gauge<"type">;
  clients: Gauge<"type">;
  messagesIn: Counter<"room" | "type">;
  messagesOut: Counter<"room" | "type">;
  messagesRefused: Counter<"room" | "type" | "code">;
  /** Room persistence (rooms/persistence): every failed save attempt, retried or not. */
  roomSaveFailures: Counter<"room">;
  /** Room persistence: how long each save attempt took, by outcome (ok | error). */
  roomSaveDuration: Histogram<"room" | "outcome">;
  /** Room persistence: final flushes that gave up with changes unsaved (data lost: page someone). */
  roomSavesAbandoned: Counter<"room">;
  seatReservations: Counter<"room" | "outcome">;
  /** Space rooms: how long one step took, by phase (simulate: movement, moods, views; patch: encoding and sending the state patches). */
  spaceTickDuration: Histogram<"phase">;
}

export function createMetrics(poolStats: () => PoolStats): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "neospace_" });
  const m: Metrics = {
    registry,
    httpRequests: new Counter({
      name: "neospace_http_requests_total",
      help: "HTTP requests by route pattern and status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "neospace_http_request_duration_seconds",
      help: "HTTP request duration by route pattern.",
      labelNames: ["method", "route"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    rooms: new Gauge({ name: "neospace_rooms", help: "Live rooms by type.", labelNames: ["type"], registers: [registry] }),
    clients: new Gauge({
      name: "neospace_room_clients",
      help: "Connected clients by room type.",
      labelNames: ["type"],
      registers: [registry],
    }),
    messagesIn: new Counter({
      name: "neospace_room_messages_in_total",
      help: "Client messages received by rooms.",
      labelNames: ["room", "type"],
      registers: [registry],
    }),
    messagesOut: new Counter({
      name: "neospace_room_messages_out_total",
      help: "Messages and state patches sent by rooms to clients.",
      labelNames: ["room", "type"],
      registers: [registry],
    }),
    messagesRefused: new Counter({
      name: "neospace_room_messages_refused_total",
      help: "Client messages refused (rate limit, bad input, domain rule).",
      labelNames: ["room", "type", "code"],
      registers: [registry],
    }),
    roomSaveFailures: new Counter({
      name: "neospace_room_save_failures_total",
      help: "Failed save attempts of room state, by room type (each is logged and retried).",
      labelNames: ["room"],
      registers: [registry],
    }),
    roomSaveDuration: new Histogram({
      name: "neospace_room_save_duration_seconds",
      help: "Duration of room state save attempts, by room type and outcome (ok, error).",
      labelNames: ["room", "outcome"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    roomSavesAbandoned: new Counter({
      name: "neospace_room_saves_abandoned_total",
      help: "Final flushes (dispose, shutdown) that gave up after their retries with room changes unsaved.",
      labelNames: ["room"],
      registers: [registry],
    }),
    seatReservations: new Counter({
      name: "neospace_seat_reservations_total",
      help: "Matchmaking seat reservations: granted, consumed (a socket took it), expired (no socket in time), late (a socket came after its seat expired; Colyseus refused it), refused (per-account cap).",
      labelNames: ["room", "outcome"],
      registers: [registry],
    }),
    spaceTickDuration: new Histogram({
      name: "neospace_space_tick_duration_seconds",
      help: "Space rooms: duration of one step by phase (simulate: movement, moods and views; patch: encoding and sending state patches). Each phase holds the event loop for its whole duration.",
      labelNames: ["phase"],
      buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.05, 0.075, 0.1, 0.25],
      registers: [registry],
    }),
  };
  registerPoolGauges(registry, poolStats);
  return m;
}

function registerPoolGauges(registry: Registry, poolStats: () => PoolStats): void {
  const fields: Array<[keyof PoolStats, string]> = [
    ["inUse", "Store connections or statements in use."],
    ["waiting", "Store operations waiting for a connection."],
    ["checkoutFailures", "Store checkouts or operations that failed for lack of a connection or lock."],
    ["waitP99Ms", "p99 store wait (mongo: connection checkout; sqlite: operation time), ms."],
    ["poolCleared", "Times the store connection pool was cleared."],
  ];
  for (const [field, help] of fields) {
    new Gauge({
      name: `neospace_store_pool_${snake(field)}`,
      help,
      registers: [registry],
      collect() {
        this.set(poolStats()[field]);
      },
    });
  }
}

function snake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
