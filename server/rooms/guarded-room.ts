import { type Client, Room } from "@colyseus/core";
import type { z } from "zod";
import { CloseCode, ErrorCode, type ErrorMessage, ServerMessage } from "#schema/protocol.ts";
import type { Config } from "../config.ts";
import { DomainError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { Metrics } from "../core/metrics.ts";
import type { Budget } from "../core/token-bucket.ts";
import { KICK_CHANNEL } from "../auth/kicker.ts";
import type { ReconnectGrants } from "../auth/reconnect-grants.ts";
import type { SessionService } from "../auth/sessions.ts";
import type { Actor } from "../auth/types.ts";
import { StoreUnavailableError } from "../store/errors.ts";
import { ClientGuard } from "./client-guard.ts";
import type { PersisterRegistry } from "./persistence/registry.ts";
import { screenFrame } from "./frame-screen.ts";
import { actorOfClient, seatOfClient } from "./room-auth.ts";
import type { SeatLedger } from "./seat-ledger.ts";
import { clientsNamedBy, type Eviction, reauthRound, refusalOf } from "./session-watch.ts";

/** PING frames (the SDK's room.ping()): Colyseus answers each one; past this budget they are strikes. */
const PING_BUDGET: Budget = { perSecond: 2, burst: 10 };

/**
 * Closes that mean the client broke the protocol (RFC 6455 1002/1003/1007/1008/1009,
 * Colyseus's 4002 for an undecodable payload or the per-second backstop): no reconnection
 * grace, the seat goes at once.
 */
const NO_GRACE_AFTER: ReadonlySet<number> = new Set([1002, 1003, 1007, 1008, 1009, 4002]);

type FrameEntry = (client: Client, buffer: Buffer) => void;

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

/** What a message handler gets besides the payload. */
export interface MessageContext<R> {
  room: R;
  client: Client;
  log: Logger;
  now: number;
}

/** One row of a room's message table: schema, budget and handler side by side. */
export interface MessageSpec<R, S extends z.ZodType> {
  schema: S;
  budget: Budget;
  /** May return a promise (write-through persistence); its rejection is handled like a throw. */
  handler: (ctx: MessageContext<R>, message: z.infer<S>) => void | Promise<void>;
}

type Handler = (client: Client, payload: unknown) => void;

/** A room's whole message table: type → schema, budget, handler. Tests enumerate these. */
export type MessageTable<R> = Record<string, MessageSpec<R, z.ZodType>>;

/** Declares one table row with its payload type checked against its handler. */
export function message<R, S extends z.ZodType>(spec: MessageSpec<R, S>): MessageSpec<R, z.ZodType> {
  return spec as unknown as MessageSpec<R, z.ZodType>;
}

/**
 * The shared room base: every message goes budget → validation → handler inside one
 * guard, so no payload can throw out of a handler, and every refusal reaches the client
 * as an `error` message with a code it can act on.
 */
export abstract class GuardedRoom<State extends object> extends Room<{ state: State }> {
  protected abstract readonly deps: RoomDeps;
  protected abstract readonly roomType: string;
  protected log!: Logger;
  readonly #guards = new Map<string, ClientGuard>();
  /** Clients closed by us (kick, abuse): their drop must not become a reconnection. */
  readonly #evicted = new Set<string>();
  /** Reconnection tokens of dropped clients, by session id, to bind a reconnection to its user. */
  readonly #dropped = new Map<string, string>();
  /** Message types of this room's table (request frames for other types are strikes). */
  #known: ReadonlySet<string> = new Set();

  /** Call first in onCreate: logger, metrics, limits, frame screen, scheduled re-auth and the kick channel. */
  protected initGuarded(): void {
    this.log = this.deps.log.child({ roomType: this.roomType, roomId: this.roomId });
    this.deps.metrics.rooms.inc({ type: this.roomType });
    this.seatReservationTimeout = this.deps.config.seatReservationSeconds;
    this.maxMessagesPerSecond = this.deps.config.roomMaxMessagesPerSecond;
    this.#screenFrames();
    this.clock.setInterval(() => void this.#reauth(), this.deps.config.reauthIntervalMs);
    void this.presence.subscribe(KICK_CHANNEL, this.#onKick);
  }

  async #reauth(): Promise<void> {
    try {
      this.evict(await reauthRound(this.clients, this.deps.sessions));
      for (const client of this.clients) if (!this.#evicted.has(client.sessionId)) this.#seated(client);
    } catch (err) {
      // A store outage must not empty every room: keep clients, say so, retry next round.
      this.log.warn({ err }, "re-auth round failed; keeping clients until the next round");
    }
  }

  /**
   * Every raw frame passes #admitFrame before Colyseus dispatches it. Colyseus binds its
   * `_onMessage` to each socket at join time, so replacing it on the instance is enough.
   */
  #screenFrames(): void {
    const internals = this as unknown as { _onMessage: FrameEntry };
    const dispatch = internals._onMessage.bind(this);
    internals._onMessage = (client, buffer) => {
      if (this.#admitFrame(client, buffer)) dispatch(client, buffer);
    };
  }

  #admitFrame(client: Client, buffer: Buffer | undefined): boolean {
    if (!buffer) return true;
    if (this.#evicted.has(client.sessionId)) return false;
    const frame = screenFrame(buffer, this.deps.config.wsMaxPayloadBytes);
    switch (frame.kind) {
      case "pass":
        return true;
      case "too-large":
        this.deps.metrics.messagesRefused.inc({ room: this.roomType, type: "<frame>", code: ErrorCode.PAYLOAD_TOO_LARGE });
        this.evict([{ client, closeCode: CloseCode.FRAME_TOO_LARGE, reason: `frame of ${frame.bytes} bytes` }]);
        return false;
      case "ping":
        if (this.#guardOf(client).admit("<ping>", PING_BUDGET, this.deps.now())) return true;
        this.#strike(client, "<ping>", ErrorCode.RATE_LIMITED);
        return false;
      case "request":
        // Colyseus still answers it (the SDK's request promise settles); unknown types cost a strike.
        if (!this.#known.has(frame.type)) this.#strike(client, "<request>", ErrorCode.BAD_INPUT);
        return true;
      case "unknown-frame":
        this.#strike(client, "<frame>", ErrorCode.BAD_INPUT);
        return false;
    }
  }

  readonly #onKick = (order: unknown): void => {
    this.evict(clientsNamedBy(order, this.clients, this.log));
  };

  /** Closes each client with its code; they may not reconnect. */
  protected evict(evictions: Eviction[]): void {
    for (const { client, closeCode, reason } of evictions) {
      this.log.info({ sessionId: client.sessionId, closeCode, reason }, "evicting client");
      this.#evicted.add(client.sessionId);
      client.leave(closeCode, reason);
    }
  }

  /**
   * A dropped connection keeps its seat for RECONNECT_GRACE_SECONDS, unless we closed it
   * or the transport closed it for breaking the protocol (oversize or undecodable frame).
   */
  override async onDrop(client: Client, code?: number): Promise<void> {
    this.log.debug({ sessionId: client.sessionId, closeCode: code }, "client dropped");
    if (this.#evicted.has(client.sessionId) || this.deps.config.reconnectGraceSeconds === 0) return;
    if (code !== undefined && NO_GRACE_AFTER.has(code)) {
      this.log.info({ sessionId: client.sessionId, closeCode: code }, "protocol violation: seat freed without a reconnection grace");
      return;
    }
    this.#dropped.set(client.sessionId, client.reconnectionToken);
    this.allowReconnection(client, this.deps.config.reconnectGraceSeconds);
  }

  /**
   * A reconnection must come from the same user, on a session still valid now and still
   * theirs. The upgrade policy already refused other users before the seat was consumed
   * (ReconnectGrants.ownerOf); this is the second line.
   */
  override async onReconnect(client: Client): Promise<void> {
    const actor = actorOfClient(client) as Actor;
    const previousToken = this.#dropped.get(client.sessionId);
    const grant = this.deps.grants.take(previousToken);
    this.#dropped.delete(client.sessionId);
    const refusal = refusalOf(actor, await this.deps.sessions.checkOf(actor.sessionId));
    if (!grant || grant.userId !== actor.userId || refusal) {
      const closeCode = refusal?.closeCode ?? CloseCode.SESSION_REVOKED;
      this.log.warn({ sessionId: client.sessionId, closeCode }, "reconnection refused");
      this.#evicted.add(client.sessionId);
      client.leave(closeCode, "reconnection refused");
      return;
    }
    if (previousToken) this.deps.grants.release(previousToken);
    this.deps.grants.claim(client.reconnectionToken, actor.userId);
  }

  /** Colyseus's `messages` from a table: each row guarded, plus `*` so unknown types are bad input. */
  protected guardedMessages(
    table: MessageTable<this>,
  ): Record<string, Handler | ((c: Client, t: string | number, payload: unknown) => void)> {
    this.#known = new Set(Object.keys(table));
    const entries = Object.entries(table).map(([type, spec]) => [type, this.#handle(type, spec)] as const);
    const unknown = (client: Client, type: string | number, payload: unknown) =>
      this.refuse(client, String(type), ErrorCode.BAD_INPUT, "unknown message type", requestIdOf(payload));
    return { ...Object.fromEntries(entries), "*": unknown };
  }

  #handle(type: string, spec: MessageSpec<this, z.ZodType>): Handler {
    return (client, payload) => this.#dispatch(type, spec, client, payload);
  }

  #dispatch<S extends z.ZodType>(type: string, spec: MessageSpec<this, S>, client: Client, payload: unknown): void {
    this.deps.metrics.messagesIn.inc({ room: this.roomType, type });
    const now = this.deps.now();
    const requestId = requestIdOf(payload);
    if (!this.#guardOf(client).admit(type, spec.budget, now)) {
      this.refuse(client, type, ErrorCode.RATE_LIMITED, `slow down: at most ${spec.budget.perSecond}/s`, requestId);
      return;
    }
    const parsed = spec.schema.safeParse(payload);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ");
      this.refuse(client, type, ErrorCode.BAD_INPUT, detail.slice(0, 300), requestId);
      return;
    }
    const fail = (err: unknown) => this.#handlerFailed(err, type, client, requestId);
    try {
      const result = spec.handler({ room: this, client, log: this.log, now }, parsed.data);
      if (result instanceof Promise) result.catch(fail);
    } catch (err) {
      fail(err);
    }
  }

  #handlerFailed(err: unknown, type: string, client: Client, requestId: string | undefined): void {
    if (err instanceof DomainError) {
      this.refuse(client, type, err.code, err.message, requestId);
      return;
    }
    if (err instanceof StoreUnavailableError) {
      this.log.warn({ err, type }, "store unavailable in handler");
      this.sendError(client, { code: ErrorCode.STORE_UNAVAILABLE, message: "try again shortly", requestId });
      return;
    }
    this.log.error({ err, type, sessionId: client.sessionId }, "message handler failed");
    this.sendError(client, { code: ErrorCode.INTERNAL, message: "something went wrong", requestId });
  }

  /** Sends the refusal and closes the client once it has collected too many. */
  protected refuse(client: Client, type: string, code: ErrorCode, message: string, requestId?: string): void {
    this.sendError(client, { code, message, ...(requestId ? { requestId } : {}) });
    this.#strike(client, type, code);
  }

  /** Counts a refusal against the client (whether or not it was answered); closes it past the limit. */
  #strike(client: Client, type: string, code: ErrorCode): void {
    this.deps.metrics.messagesRefused.inc({ room: this.roomType, type, code });
    if (this.#guardOf(client).strike(this.deps.now()) === "close") {
      const closeCode = code === ErrorCode.RATE_LIMITED ? CloseCode.RATE_LIMITED : CloseCode.BAD_INPUT;
      this.log.warn({ sessionId: client.sessionId, type, code }, "closing abusive client");
      this.#evicted.add(client.sessionId);
      client.leave(closeCode, code === ErrorCode.RATE_LIMITED ? "rate limited" : "too many bad messages");
    }
  }

  protected sendError(client: Client, error: ErrorMessage): void {
    this.deps.metrics.messagesOut.inc({ room: this.roomType, type: ServerMessage.ERROR });
    client.send(ServerMessage.ERROR, error);
  }

  #guardOf(client: Client): ClientGuard {
    let guard = this.#guards.get(client.sessionId);
    if (!guard) {
      guard = new ClientGuard();
      this.#guards.set(client.sessionId, guard);
    }
    return guard;
  }

  /** Call in onJoin: metrics, the seat's owner for reconnections, the reservation consumed. */
  protected trackJoin(client: Client): void {
    this.deps.metrics.clients.inc({ type: this.roomType });
    this.deps.metrics.seatReservations.inc({ room: this.roomType, outcome: "consumed" });
    const actor = actorOfClient(client);
    if (actor) this.deps.grants.claim(client.reconnectionToken, actor.userId);
    this.#seated(client);
  }

  protected trackLeave(client: Client): void {
    this.#guards.delete(client.sessionId);
    this.#evicted.delete(client.sessionId);
    this.#dropped.delete(client.sessionId);
    this.deps.grants.release(client.reconnectionToken);
    const actor = actorOfClient(client);
    const seatId = seatOfClient(client);
    if (actor && seatId) this.deps.seats.release(actor.userId, seatId).catch((err) => this.log.warn({ err }, "seat release failed"));
    this.deps.metrics.clients.dec({ type: this.roomType });
  }

  /** Marks (or refreshes) the client's ledger seat as connected. */
  #seated(client: Client): void {
    const actor = actorOfClient(client);
    const seatId = seatOfClient(client);
    if (actor && seatId) this.deps.seats.seated(actor.userId, seatId).catch((err) => this.log.warn({ err }, "seat refresh failed"));
  }

  protected trackDispose(): void {
    void this.presence.unsubscribe(KICK_CHANNEL, this.#onKick);
    this.deps.metrics.rooms.dec({ type: this.roomType });
  }

  override onBeforePatch(): void {
    this.deps.metrics.messagesOut.inc({ room: this.roomType, type: "patch" }, this.clients.length);
  }

  override onUncaughtException(err: Error, methodName: string): void {
    this.log.error({ err, methodName }, "uncaught exception in room");
  }
}

function requestIdOf(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const id = (payload as { requestId?: unknown }).requestId;
  return typeof id === "string" && id.length > 0 && id.length <= 64 ? id : undefined;
}
