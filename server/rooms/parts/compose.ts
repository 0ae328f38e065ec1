import type { Client, Room } from "@colyseus/core";
import type { ErrorCode, ErrorMessage } from "#schema/protocol.ts";
import type { Logger } from "../../core/logger.ts";
import type { MessageTable } from "../../handlers/message-table.ts";
import { type PersisterOptions, RoomPersister } from "../persistence/persister.ts";
import type { RoomDeps } from "../room-deps.ts";
import type { Eviction } from "../session-watch.ts";
import { Evictions } from "./evictions.ts";
import { MessageGuard } from "./message-guard.ts";
import { RoomMetrics } from "./room-metrics.ts";
import { SessionWatch } from "./session-part.ts";
import { installShutdown } from "./shutdown.ts";

export interface ComposeOptions<R> {
  /** The registry name (RoomName): metrics and logs are labelled with it. */
  roomType: string;
  /** The room's message table (its row in rooms/registry.ts). */
  messages: MessageTable<R>;
  /**
   * What the room must finish before a graceful shutdown closes its clients (the saves in
   * flight), so the acknowledgements of what was stored still reach them (parts/shutdown.ts).
   */
  settle?: () => Promise<unknown>;
  /**
   * Runs before each accepted message's handler and on each join, leave, drop and
   * reconnection: whatever can give the room work (a sleeping space room wakes: space-pace.ts).
   */
  onActivity?: () => void;
}

/** The parts a composed room holds; each registered its own cleanup with composeRoom. */
export interface RoomParts {
  log: Logger;
  metrics: RoomMetrics;
  /** Closes each client with its code; they may not reconnect. */
  evict(evictions: Eviction[]): void;
  /** Sends a coded refusal and counts it as a strike. */
  refuse(client: Client, type: string, code: ErrorCode, message: string, requestId?: string): void;
  sendError(client: Client, error: ErrorMessage): void;
  /** A presence subscription that ends with the room. */
  subscribe(channel: string, listener: (message: never) => void): Promise<void>;
  /**
   * The persistence part (rooms/persistence): a persister whose final flush runs when the
   * room disposes, after the room's own onDispose. The room still calls `load()` itself.
   */
  persist<Loaded, Snapshot>(options: PersisterOptions<Loaded, Snapshot>): RoomPersister<Loaded, Snapshot>;
}

type Hook = (...args: never[]) => unknown;
type Hooks = Record<"onJoin" | "onLeave" | "onDrop" | "onReconnect" | "onDispose", Hook | undefined>;

/**
 * Builds a room's parts (session watch, message guard, metrics) and hooks their
 * lifecycle into the room once, so a room cannot forget one: parts see a join before
 * the room's onJoin, and a leave or dispose after the room's own (even if it threw).
 * Call first in onCreate: `this.parts = composeRoom(this, deps, { roomType, messages })`.
 * Rooms that keep data add the persistence part with `this.parts.persist({...})`.
 */
export function composeRoom<R extends object>(room: Room & R, deps: RoomDeps, options: ComposeOptions<R>): RoomParts {
  const log = deps.log.child({ roomType: options.roomType, roomId: room.roomId });
  room.seatReservationTimeout = deps.config.seatReservationSeconds;
  room.maxMessagesPerSecond = deps.config.roomMaxMessagesPerSecond;
  const evictions = new Evictions(log);
  const metrics = new RoomMetrics(deps.metrics, options.roomType);
  const guard = new MessageGuard(room, options.messages, {
    log,
    metrics,
    evictions,
    now: deps.now,
    maxFrameBytes: deps.config.wsMaxPayloadBytes,
    beforeHandler: options.onActivity,
  });
  const watch = new SessionWatch(room, deps, log, evictions);
  const subscriptions: [string, (message: never) => void][] = [];
  const persisters: RoomPersister<unknown, unknown>[] = [];

  metrics.created();
  guard.install();
  watch.start();
  installShutdown(room, log, options.settle);
  hook(room, log, {
    joined(client) {
      options.onActivity?.();
      metrics.joined();
      watch.joined(client);
    },
    left(client) {
      options.onActivity?.();
      guard.forget(client);
      watch.left(client);
      metrics.left();
    },
    dropped(client, code) {
      options.onActivity?.();
      watch.dropped(client, code);
    },
    superseded: (client) => watch.superseded(client),
    reconnected(client) {
      options.onActivity?.();
      return watch.reconnected(client);
    },
    async disposed() {
      await Promise.all(persisters.map((p) => p.dispose()));
      await Promise.all(subscriptions.map(([channel, listener]) => room.presence.unsubscribe(channel, listener)));
      watch.dispose();
      metrics.disposed();
    },
    patched: () => metrics.sent("patch", room.clients.length),
  });

  return {
    log,
    metrics,
    evict: (list) => evictions.evict(list),
    refuse: (...args) => guard.refuse(...args),
    sendError: (client, error) => guard.sendError(client, error),
    async subscribe(channel, listener) {
      subscriptions.push([channel, listener]);
      await room.presence.subscribe(channel, listener);
    },
    persist(persisterOptions) {
      const persister = new RoomPersister(persisterOptions, { log, metrics: deps.metrics, registry: deps.persisters });
      persisters.push(persister as RoomPersister<unknown, unknown>);
      return persister;
    },
  };
}

interface PartHooks {
  joined(client: Client): void;
  left(client: Client): void;
  dropped(client: Client, code?: number): void;
  /** The client's own reconnection is taking its seat over from a socket still open. */
  superseded(client: Client): void;
  /** False when the reconnection was refused (the client is already closed). */
  reconnected(client: Client): Promise<boolean>;
  disposed(): Promise<void>;
  patched(): void;
}

/**
 * Wraps the room's lifecycle methods on the instance (Colyseus reads them at call time).
 * onDrop and onReconnect are always installed: without onDrop, Colyseus keeps no seat
 * for a dropped client.
 */
function hook(room: Room, log: Logger, parts: PartHooks): void {
  const own = room as unknown as Hooks;
  const original = { ...pick(own) } as Record<keyof Hooks, ((...args: unknown[]) => unknown) | undefined>;
  const call = (name: keyof Hooks, ...args: unknown[]) => original[name]?.apply(room, args);
  const target = room as unknown as Record<keyof Hooks, (...args: unknown[]) => unknown>;
  target.onJoin = async (client, ...rest) => {
    parts.joined(client as Client);
    await call("onJoin", client, ...rest);
  };
  target.onLeave = async (client, ...rest) => {
    try {
      await call("onLeave", client, ...rest);
    } finally {
      parts.left(client as Client);
    }
  };
  target.onDrop = async (client, code) => {
    parts.dropped(client as Client, code as number | undefined);
    await call("onDrop", client, code);
  };
  target.onReconnect = async (client) => {
    try {
      if (await parts.reconnected(client as Client)) await call("onReconnect", client);
    } catch (err) {
      log.error({ err, methodName: "onReconnect" }, "uncaught exception in room");
      throw err;
    }
  };
  target.onDispose = async () => {
    try {
      await call("onDispose");
    } finally {
      await parts.disposed();
    }
  };
  // A reconnection can come while its old socket still looks alive (a half-open connection
  // the heartbeat has not caught yet): Colyseus then closes that socket with 4002, the code
  // it also closes undecodable frames with. Marked first, so its drop keeps the seat.
  const checkReconnectionToken = room.checkReconnectionToken.bind(room);
  room.checkReconnectionToken = (token: string) => {
    const live = room.clients.find((c) => c.reconnectionToken === token);
    if (live) parts.superseded(live);
    return checkReconnectionToken(token);
  };
  // Counted when a patch went out: a room with nothing changed sends nothing at its patch interval.
  const broadcastPatch = room.broadcastPatch.bind(room);
  room.broadcastPatch = () => {
    const sent = broadcastPatch();
    if (sent) parts.patched();
    return sent;
  };
}

function pick(room: Hooks): Hooks {
  return {
    onJoin: room.onJoin,
    onLeave: room.onLeave,
    onDrop: room.onDrop,
    onReconnect: room.onReconnect,
    onDispose: room.onDispose,
  };
}
