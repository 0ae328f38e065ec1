import type { Client, Room } from "@colyseus/core";
import { CloseCode } from "#schema/protocol.ts";
import { KICK_CHANNEL } from "../../auth/kicker.ts";
import type { Actor } from "../../auth/types.ts";
import type { Logger } from "../../core/logger.ts";
import { actorOfClient, loginOf, seatOfClient } from "../room-auth.ts";
import type { RoomDeps } from "../room-deps.ts";
import type { HeldSeat } from "../seat-ledger.ts";
import { clientsNamedBy, reauthRound, refusalOf } from "../session-watch.ts";
import type { Evictions } from "./evictions.ts";

/**
 * Closes that mean the client broke the protocol (RFC 6455 1002/1003/1007/1008/1009,
 * Colyseus's 4002 for an undecodable payload or the per-second backstop): no reconnection
 * grace, the seat goes at once.
 */
const NO_GRACE_AFTER: ReadonlySet<number> = new Set([1002, 1003, 1007, 1008, 1009, 4002]);

/**
 * A connected seat is marked again every this many re-auth rounds. The ledger keeps it for
 * three rounds plus the reconnection grace (app.ts), so a seat refreshed every second round
 * outlives one failed round; refreshing it at every round only doubled the presence writes
 * of an idle server (issue 13, scenario C).
 */
export const SEAT_REFRESH_ROUNDS = 2;

type SessionDeps = Pick<RoomDeps, "config" | "sessions" | "grants" | "seats">;

/**
 * The session watch of a room: a re-auth round on a timer, the kick channel, the seat
 * ledger, and the reconnection rules (who may take a dropped seat back, and when none is kept).
 */
export class SessionWatch {
  /** Reconnection tokens of dropped clients, by session id, to bind a reconnection to its user. */
  readonly #dropped = new Map<string, string>();
  /** Clients whose own reconnection is closing their old socket (compose.ts), by session id. */
  readonly #superseded = new Set<string>();
  /** The re-auth round each client's seat was last marked connected in, by session id. */
  readonly #seatedInRound = new Map<string, number>();
  #round = 0;
  #place: string | undefined;
  readonly #refreshFailed = (err: unknown): void => this.log.warn({ err }, "seat refresh failed");

  constructor(
    private readonly room: Room,
    private readonly deps: SessionDeps,
    private readonly log: Logger,
    private readonly evictions: Evictions,
  ) {}

  /**
   * Starts the re-auth timer (on the room's clock: cleared with the room) and listens for
   * kicks. Each room's rounds start at its own random offset within one period, so rooms
   * opened together (a restart, a bench) do not all query and refresh their seats in the
   * same tick: the rounds of N rooms spread over the period (issue 13, scenario C).
   */
  start(random: () => number = Math.random): void {
    const period = this.deps.config.reauthIntervalMs;
    const offset = Math.floor(random() * period);
    this.room.clock.setTimeout(() => {
      void this.#reauth();
      this.room.clock.setInterval(() => void this.#reauth(), period);
    }, offset);
    void this.room.presence.subscribe(KICK_CHANNEL, this.#onKick);
  }

  dispose(): void {
    void this.room.presence.unsubscribe(KICK_CHANNEL, this.#onKick);
  }

  /**
   * The client's own reconnection came while this socket still looked open: Colyseus closes
   * it with 4002 next, which must not count as a protocol violation (no grace).
   */
  superseded(client: Client): void {
    this.#superseded.add(client.sessionId);
  }

  /** The seat's owner for reconnections; the ledger seat marked connected. */
  joined(client: Client): void {
    const actor = actorOfClient(client);
    if (actor) this.deps.grants.claim(client.reconnectionToken, actor.userId);
    this.#seated(client);
  }

  left(client: Client): void {
    this.log.debug({ sessionId: client.sessionId }, "seat freed");
    this.evictions.forget(client.sessionId);
    this.#dropped.delete(client.sessionId);
    this.#superseded.delete(client.sessionId);
    this.#seatedInRound.delete(client.sessionId);
    this.deps.grants.release(client.reconnectionToken);
    const actor = actorOfClient(client);
    const seatId = seatOfClient(client);
    if (actor && seatId) this.deps.seats.release(actor.userId, seatId).catch((err) => this.log.warn({ err }, "seat release failed"));
  }

  /**
   * A dropped connection keeps its seat for RECONNECT_GRACE_SECONDS, unless we closed it
   * or the transport closed it for breaking the protocol (oversize or undecodable frame).
   */
  dropped(client: Client, code?: number): void {
    this.log.debug({ sessionId: client.sessionId, closeCode: code }, "client dropped");
    const superseded = this.#superseded.delete(client.sessionId);
    if (this.evictions.has(client.sessionId) || this.deps.config.reconnectGraceSeconds === 0) return;
    if (!superseded && code !== undefined && NO_GRACE_AFTER.has(code)) {
      this.log.info({ sessionId: client.sessionId, closeCode: code }, "protocol violation: seat freed without a reconnection grace");
      return;
    }
    this.#dropped.set(client.sessionId, client.reconnectionToken);
    this.room.allowReconnection(client, this.deps.config.reconnectGraceSeconds);
  }

  /**
   * A reconnection must come from the same user, on a session still valid now and still
   * theirs. The upgrade policy already refused other users before the seat was consumed
   * (ReconnectGrants.ownerOf); this is the second line. Returns false when refused.
   */
  async reconnected(client: Client): Promise<boolean> {
    const actor = actorOfClient(client) as Actor;
    const previousToken = this.#dropped.get(client.sessionId);
    const grant = this.deps.grants.take(previousToken);
    this.#dropped.delete(client.sessionId);
    const refusal = refusalOf(actor, await this.deps.sessions.checkOf(actor.sessionId));
    if (!grant || grant.userId !== actor.userId || refusal) {
      const closeCode = refusal?.closeCode ?? CloseCode.SESSION_REVOKED;
      this.log.warn({ sessionId: client.sessionId, closeCode }, "reconnection refused");
      this.evictions.close(client, closeCode, "reconnection refused");
      return false;
    }
    if (previousToken) this.deps.grants.release(previousToken);
    this.deps.grants.claim(client.reconnectionToken, actor.userId);
    return true;
  }

  async #reauth(): Promise<void> {
    const round = ++this.#round;
    try {
      this.evictions.evict(await reauthRound(this.room.clients, this.deps.sessions));
      const due: HeldSeat[] = [];
      const clients = this.room.clients;
      for (let i = 0; i < clients.length; i++) {
        const client = clients[i] as Client;
        const login = loginOf(client);
        const stale = round - (this.#seatedInRound.get(client.sessionId) ?? 0) >= SEAT_REFRESH_ROUNDS;
        if (!login || !stale || this.evictions.has(client.sessionId)) continue;
        this.#seatedInRound.set(client.sessionId, round);
        due.push(login);
      }
      if (due.length > 0) this.deps.seats.seatedAll(due, this.#where()).catch(this.#refreshFailed);
    } catch (err) {
      // A store outage must not empty every room: keep clients, say so, retry next round.
      this.log.warn({ err }, "re-auth round failed; keeping clients until the next round");
    }
  }

  /**
   * Runs inside the publisher's call with local presence (an HTTP route's ban, sign-out):
   * a throw here would fail that request and skip every room subscribed after this one.
   */
  readonly #onKick = (order: unknown): void => {
    try {
      this.evictions.evict(clientsNamedBy(order, this.room.clients, this.log));
    } catch (err) {
      this.log.error({ err }, "kick failed");
    }
  };

  /** Marks (or refreshes) the client's ledger seat as connected. */
  #seated(client: Client): void {
    this.#seatedInRound.set(client.sessionId, this.#round);
    const login = loginOf(client);
    if (login?.seatId) this.deps.seats.seated(login.userId, login.seatId, this.#where()).catch(this.#refreshFailed);
  }

  /** `<roomType>/<roomId>`, as the ledger keeps it (made once: every seat refresh names it). */
  #where(): string {
    this.#place ??= `${this.room.roomName}/${this.room.roomId}`;
    return this.#place;
  }

}
