import { randomUUID } from "node:crypto";
import type { Presence } from "@colyseus/core";
import type { Metrics } from "../core/metrics.ts";

export interface SeatPolicy {
  /** Seats one account may hold at once: reserved, connected, or waiting for a reconnection. */
  maxSeats: number;
  /** How long an unconsumed reservation counts (the rooms' seatReservationTimeout), ms. */
  reservationMs: number;
  /** How long a connected seat counts without a refresh (re-auth rounds refresh it), ms. */
  connectedTtlMs: number;
}

type SeatState = "r" | "c";

/** A seat as its holder knows it: a room's client carries these on its auth. */
export interface HeldSeat {
  readonly userId: string;
  readonly seatId?: string | undefined;
}

/**
 * Every seat an account holds, across rooms and processes, in Colyseus presence (memory,
 * or Redis when scaled out): hash `seats:<userId>`, one field per seat, valued
 * `<state>:<expiresAt>`. A reservation is written before it is counted, so concurrent
 * joins cannot all slip under the cap; entries expire on their own, so a crashed process
 * or a lost leave frees its seats within the TTL.
 */
export class SeatLedger {
  constructor(
    private readonly presence: Presence,
    private readonly policy: SeatPolicy,
    private readonly now: () => number,
    private readonly metrics: Metrics,
    /** Runs the expiry check of a reservation later (tests pass one they fire by hand). */
    private readonly later: (fn: () => void, ms: number) => void = unrefTimeout,
  ) {}

  /** Reserves a seat for `userId`; null when the account already holds its maximum. */
  async reserve(userId: string, roomType: string): Promise<string | null> {
    const seatId = randomUUID();
    // The room type rides along so whoever finds the reservation lapsed can label its count.
    await this.#write(userId, seatId, "r", this.policy.reservationMs + 1_000, roomType);
    if ((await this.held(userId)) > this.policy.maxSeats) {
      await this.presence.hdel(keyOf(userId), seatId);
      this.metrics.seatReservations.inc({ room: roomType, outcome: "refused" });
      return null;
    }
    this.metrics.seatReservations.inc({ room: roomType, outcome: "granted" });
    this.later(() => void this.#expireIfUnused(userId, seatId), this.policy.reservationMs + 1_000);
    return seatId;
  }

  /**
   * The reservation became a connection (or a connection is still there: re-auth refreshes it).
   * `where` (`<roomType>/<roomId>`) is kept beside the expiry so "who is online where" reads the ledger.
   */
  async seated(userId: string, seatId: string, where?: string): Promise<void> {
    await this.seatedAll([{ userId, seatId }], where);
  }

  /**
   * `seated` for many seats of one place at once (a room's re-auth round refreshes all its
   * seats): they share one expiry and one place, so one value string serves them all and
   * one wait covers every write. Every write is issued before the first wait, so a release
   * that comes later is ordered after it (Redis runs one connection's commands in order).
   * Seats without an id are skipped.
   */
  async seatedAll(seats: readonly HeldSeat[], where?: string): Promise<void> {
    const ttlMs = this.policy.connectedTtlMs;
    const value = seatValue("c", this.now() + ttlMs, where);
    const writes: unknown[] = [];
    for (const { userId, seatId } of seats) {
      if (!seatId) continue;
      const key = keyOf(userId);
      writes.push(this.presence.hset(key, seatId, value));
      // In-process presence expires synchronously: only a pending expiry (Redis) is waited for.
      const expiry: unknown = this.presence.expire(key, this.#keySeconds(ttlMs));
      if (expiry instanceof Promise) writes.push(expiry);
    }
    await Promise.all(writes);
  }

  /** Where the account is connected now: `{roomType, roomId}` per live connected seat. */
  async whereabouts(userId: string): Promise<{ roomType: string; roomId: string }[]> {
    const all = (await this.presence.hgetall(keyOf(userId))) ?? {};
    const now = this.now();
    return Object.values(all).flatMap((value) => {
      const place = placeOf(value);
      return value.startsWith("c:") && expiryOf(value) > now && place ? [place] : [];
    });
  }

  async release(userId: string, seatId: string): Promise<void> {
    await this.presence.hdel(keyOf(userId), seatId);
  }

  /** Seats the account holds now; drops entries that expired. */
  async held(userId: string): Promise<number> {
    const all = (await this.presence.hgetall(keyOf(userId))) ?? {};
    const now = this.now();
    let live = 0;
    for (const [seatId, value] of Object.entries(all)) {
      if (expiryOf(value) > now) live++;
      else await this.#drop(userId, seatId, value);
    }
    return live;
  }

  async #write(userId: string, seatId: string, state: SeatState, ttlMs: number, where?: string): Promise<void> {
    const key = keyOf(userId);
    await this.presence.hset(key, seatId, seatValue(state, this.now() + ttlMs, where));
    await this.presence.expire(key, this.#keySeconds(ttlMs));
  }

  /** The whole hash goes when nobody refreshes it (Redis); entries expire one by one anyway. */
  #keySeconds(ttlMs: number): number {
    return Math.ceil(Math.max(ttlMs, this.policy.connectedTtlMs) / 1000);
  }

  async #expireIfUnused(userId: string, seatId: string): Promise<void> {
    const value = await this.presence.hget(keyOf(userId), seatId);
    if (value?.startsWith("r:")) await this.#drop(userId, seatId, value);
  }

  /**
   * Removes a lapsed entry; a reservation is counted as expired by whoever removes it (a
   * later join's `held()` can find it lapsed before this process's timer fires, e.g. when
   * the event loop lags), so each expiry is counted once, on whichever process saw it.
   */
  async #drop(userId: string, seatId: string, value: string): Promise<void> {
    const removed = await this.presence.hdel(keyOf(userId), seatId);
    if (removed && value.startsWith("r:")) {
      this.metrics.seatReservations.inc({ room: value.split(":")[2] || "unknown", outcome: "expired" });
    }
  }
}

function unrefTimeout(fn: () => void, ms: number): void {
  setTimeout(fn, ms).unref();
}

function keyOf(userId: string): string {
  return `seats:${userId}`;
}

function seatValue(state: SeatState, expiresAt: number, where: string | undefined): string {
  return `${state}:${expiresAt}${where ? `:${where}` : ""}`;
}

/** `<state>:<expiresAt>[:<roomType>/<roomId>]` when connected, `r:<expiresAt>:<roomType>` when reserved. */
function expiryOf(value: string): number {
  const n = Number(value.split(":")[1]);
  return Number.isFinite(n) ? n : 0;
}

function placeOf(value: string): { roomType: string; roomId: string } | null {
  const where = value.split(":")[2] ?? "";
  const slash = where.indexOf("/");
  return slash > 0 ? { roomType: where.slice(0, slash), roomId: where.slice(slash + 1) } : null;
}
