import "./core/node-compat.ts";
import { createRouter, defineServer, type Presence, type Server } from "@colyseus/core";
import { monitor } from "@colyseus/monitor";
import { ReconnectGrants } from "./auth/reconnect-grants.ts";
import { createAuthServices } from "./auth/services.ts";
import { createSocialServices } from "./social/services.ts";
import { createCodegroundServices } from "./codeground/services.ts";
import { createSongServices } from "./song/services.ts";
import { limiterFactory } from "./core/limiter-store.ts";
import { createScaleOut } from "./scale/scale-out.ts";
import { SweptLocalPresence } from "./scale/local-presence.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./core/logger.ts";
import { createMetrics } from "./core/metrics.ts";
import { OperatorGuard, PresenceRevokedCookies } from "./core/operator.ts";
import { loadMaps } from "./map-files.ts";
import { ColyseusBridge, MONITOR_PREFIX } from "./http/colyseus-bridge.ts";
import { createGateway } from "./http/gateway.ts";
import { monitorGuard } from "./http/monitor-guard.ts";
import { Router } from "./http/router.ts";
import { authenticate } from "./auth/credentials.ts";
import { RateLimits } from "./http/rate-limits.ts";
import { allRoutes } from "./http/routes/index.ts";
import { StaticFiles } from "./http/static-files.ts";
import { checkReadiness } from "./readiness-check.ts";
import { SeatLedger } from "./rooms/seat-ledger.ts";
import { defineRooms } from "./rooms/registry.ts";
import { PersisterRegistry } from "./rooms/persistence/index.ts";
import { openStore } from "./store/index.ts";
import { prepareMigrations } from "./store/prepare.ts";
import type { DocStore } from "./store/types.ts";
import { ChatHistoryRepository } from "./store/repositories/chat-history.ts";
import { chooseTransport, createTransport } from "./transport/select.ts";
import { upgradePolicy } from "./transport/upgrade-policy.ts";
import type { TransportName } from "./transport/types.ts";
import type { GatewayWsTransport } from "./transport/ws.ts";

export interface RunningApp {
  port: number;
  transport: TransportName;
  store: DocStore;
  /** Stops accepting, lets rooms leave and flush, closes the store. Safe to call twice. */
  stop(): Promise<void>;
}

/** What a test may swap when it boots the app in its own process (tests/helpers/app.ts). */
export interface AppOptions {
  /** The wall clock of sessions, posts, reconnection grants, operator cookies, seats and rooms (ms since the epoch). */
  now?: () => number;
}

/** The composition root: store → migrations → metrics → HTTP gateway → transport → rooms → listen. */
export async function startApp(config: Readonly<Config>, log: Logger, options: AppOptions = {}): Promise<RunningApp> {
  const store = await openStore({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir, logger: log });
  try {
    return await startOnStore(config, log, store, options.now ?? Date.now);
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}

async function startOnStore(config: Readonly<Config>, log: Logger, store: DocStore, now: () => number): Promise<RunningApp> {
  const migrator = await prepareMigrations(store, config, log);
  const metrics = createMetrics(() => store.poolStats());
  const scale = await createScaleOut(config, log);
  const limiters = limiterFactory(scale.redis);
  // One presence for Colyseus and for the services' pushes (kicks, wall events, feelings).
  const presence: Presence = scale.presence ?? new SweptLocalPresence(now);
  const auth = createAuthServices(store, config, now, limiters, presence);
  // The seat ledger shares that presence, so seat counts (and who is online) span every process with Redis.
  const seats = new SeatLedger(presence, seatPolicy(config), now, metrics);
  const social = createSocialServices(store, now, presence, auth.users, log, seats);
  const codeground = createCodegroundServices(store, social.notifier, now, social.notifications);
  const songs = createSongServices(store, social, log, now);
  const isAdmin = async (headers: Headers) => (await authenticate(headers, auth.sessions))?.actor.role === "admin";
  const operators = new OperatorGuard(config.operatorToken, isAdmin, now, new PresenceRevokedCookies(presence));
  const bridge = new ColyseusBridge();
  const transportName = chooseTransport(config.transport, log);
  let listening = false;
  const readiness = () => checkReadiness({ store, migrator, transport: { name: transportName, up: () => listening } });
  const router = new Router().add(...allRoutes({ auth, social, codeground, songs, operators, metrics, readiness }));
  const gateway = createGateway({
    config,
    log,
    metrics,
    router,
    colyseus: bridge,
    staticFiles: new StaticFiles(config.clientDir),
    operators,
    sessions: auth.sessions,
    limiter: new RateLimits(limiters),
  });
  const grants = new ReconnectGrants(now);
  const beforeUpgrade = upgradePolicy(config, auth.sessions, grants, log, metrics);
  const transport = await createTransport(transportName, { config, log, gateway, bridge, beforeUpgrade });
  // Room persisters register here once loaded, so stop() can flush them before the store closes.
  const persisters = new PersisterRegistry();
  const roomDeps = {
    config,
    log,
    metrics,
    now,
    sessions: auth.sessions,
    grants,
    seats,
    persisters,
    maps: loadMaps(undefined, config.extraMapsDir),
    moods: songs.moods,
    chatHistory: new ChatHistoryRepository(store),
  };
  const server: Server = defineServer({
    transport,
    presence,
    ...(scale.driver ? { driver: scale.driver } : {}),
    ...(config.publicAddress ? { publicAddress: config.publicAddress } : {}),
    greet: false,
    gracefullyShutdown: false,
    logger: log.child({ component: "colyseus" }),
    rooms: defineRooms({ ...roomDeps, personalities: auth.users, profiles: social.profiles, looks: social.profiles, songs: songs.repo, versions: songs.songs, feel: social.notifier, notifications: social.notifications }),
    routes: createRouter({ ...monitor({ prefix: MONITOR_PREFIX, use: [monitorGuard(operators, log)] }) }),
  });
  await server.listen(config.port);
  // Structural, not instanceof: select.ts imports the transport module lazily, and a test
  // process that loaded this file through require() holds a second copy of that class.
  if (takesOverRequests(transport)) transport.takeOverRequests(server.router);
  listening = true;
  log.info({ port: config.port, transport: transportName, store: store.engine }, "NeoSpace is listening");
  return {
    port: config.port,
    transport: transportName,
    store,
    stop: once(async () => {
      listening = false;
      bridge.drain();
      log.info("shutting down: telling clients, closing rooms, flushing room saves, then the store");
      try {
        await server.gracefullyShutdown(false);
      } finally {
        // Rooms flush as they dispose; this waits for those and saves any room still live.
        await persisters.flushAll(log);
        await scale.close();
        await store.close();
      }
      log.info("shutdown complete");
    }),
  };
}

function seatPolicy(config: Readonly<Config>) {
  return {
    maxSeats: config.maxSeatsPerUser,
    reservationMs: config.seatReservationSeconds * 1000,
    // Refreshed every re-auth round; a seat waiting for a reconnection counts for the grace too.
    connectedTtlMs: 3 * config.reauthIntervalMs + config.reconnectGraceSeconds * 1000,
  };
}

function takesOverRequests(transport: object): transport is Pick<GatewayWsTransport, "takeOverRequests"> {
  return typeof (transport as Partial<GatewayWsTransport>).takeOverRequests === "function";
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= fn();
    return running;
  };
}
