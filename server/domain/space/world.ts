import { Avatar, type SpaceState } from "#schema/state/space.ts";
import { EDGE_MARGIN, type SpaceMap, WALK_SPEED } from "../maps.ts";
import { clampToBounds, type Point } from "../movement.ts";
import { findPath } from "../path.ts";
import { freeSpotNear } from "../spawn.ts";
import { walkStep } from "../walk.ts";

/** No input for this long marks an avatar idle (ms). */
export const IDLE_AFTER_MS = 60_000;
/** How far ahead a held direction key aims (px): far enough to keep walking between inputs. */
const DIRECTION_REACH = 64;

/** Who an avatar stands for (an Actor fits; the domain needs no more of it). */
export interface Person {
  userId: string;
  username: string;
  displayName: string;
}

/** Where an avatar stands, by session. */
export interface Position {
  sessionId: string;
  x: number;
  y: number;
}

interface Walker {
  dir: { dx: number; dy: number } | null;
  /** Waypoints still ahead after the current target (a path around obstacles). */
  path: Point[];
  /** A point asked for since the last tick: its path is planned once, at the next tick (a burst of clicks costs one search). */
  pending: Point | null;
  lastInputAt: number;
  /** While seated: where the avatar stood when it sat down (it stands up there). */
  satFrom: Point | null;
  /** The avatar's `idle` flag as last written (so a still room reads no synced field to check it). */
  idleShown: boolean;
}

/**
 * The authoritative movement of a space: targets and held directions in, positions out,
 * at a fixed step and speed, never through blocked tiles. Knows nothing of sockets.
 */
export class SpaceWorld {
  readonly #walkers = new Map<string, Walker>();
  /** Avatars with somewhere to go (a target, a path, a held direction): while empty, ticks move nobody. */
  readonly #movers = new Set<string>();

  constructor(
    readonly state: SpaceState,
    readonly map: SpaceMap,
  ) {}

  spawn(sessionId: string, actor: Person, now: number, random: () => number = Math.random): Avatar {
    const at = this.#freeSpawn(random);
    const avatar = new Avatar({ userId: actor.userId, username: actor.username, name: actor.displayName, ...at, targetX: at.x, targetY: at.y });
    this.state.avatars.set(sessionId, avatar);
    this.#walkers.set(sessionId, { dir: null, path: [], pending: null, lastInputAt: now, satFrom: null, idleShown: false });
    return avatar;
  }

  /** Marks an avatar whose connection dropped (or came back); it keeps its place meanwhile. */
  setReconnecting(sessionId: string, on: boolean): void {
    const avatar = this.state.avatars.get(sessionId);
    if (avatar && avatar.reconnecting !== on) avatar.reconnecting = on;
  }

  remove(sessionId: string): void {
    this.state.avatars.delete(sessionId);
    this.#walkers.delete(sessionId);
    this.#movers.delete(sessionId);
  }

  /** Whether any avatar is walking or has a walk planned: a room may skip ticks while none is. */
  get moving(): boolean {
    return this.#movers.size > 0;
  }

  /**
   * Walk toward a point (clamped to the map) along a path around obstacles; an unreachable
   * point leads to the nearest reachable tile. `targetX/targetY` is the next waypoint (so
   * clients predict along the path, never through the pool); the simulation walks it.
   */
  setTarget(sessionId: string, target: Point, now: number, ts?: number): void {
    const avatar = this.state.avatars.get(sessionId);
    const walker = this.#walkers.get(sessionId);
    if (!avatar || !walker) return;
    this.#standUp(avatar, walker);
    walker.pending = clampToBounds(target, this.map, EDGE_MARGIN);
    this.#input(sessionId, avatar, walker, now, ts);
    walker.dir = null;
  }

  /** Plans the path to the point last asked for and starts on its first leg. */
  #plan(avatar: Avatar, walker: Walker, target: Point): void {
    const [first, ...rest] = findPath(this.map, avatar, target).waypoints;
    avatar.targetX = first?.x ?? avatar.x;
    avatar.targetY = first?.y ?? avatar.y;
    walker.path = rest;
  }

  /** Keep walking in a direction until told otherwise; (0, 0) stops where the avatar stands. */
  setDirection(sessionId: string, dx: number, dy: number, now: number, ts?: number): void {
    const avatar = this.state.avatars.get(sessionId);
    const walker = this.#walkers.get(sessionId);
    if (!avatar || !walker) return;
    const length = Math.hypot(dx, dy);
    // Letting go of the keys while seated is no reason to stand; a direction is.
    if (length === 0 && avatar.seat) return;
    this.#standUp(avatar, walker);
    this.#input(sessionId, avatar, walker, now, ts);
    // In place: a walker outlives its inputs, so objects made per input reach the old generation.
    walker.path.length = 0;
    walker.pending = null;
    if (length === 0) {
      walker.dir = null;
      avatar.targetX = avatar.x;
      avatar.targetY = avatar.y;
      return;
    }
    if (walker.dir) {
      walker.dir.dx = dx / length;
      walker.dir.dy = dy / length;
    } else walker.dir = { dx: dx / length, dy: dy / length };
  }

  /**
   * Sits the avatar on a seat (the caller checked the rules: server/domain/space/seats.ts):
   * its feet go to the seat's centre, any walk stops, and it remembers where it stood.
   */
  sit(sessionId: string, seat: string, at: Point, now: number): void {
    const avatar = this.state.avatars.get(sessionId);
    const walker = this.#walkers.get(sessionId);
    if (!avatar || !walker) return;
    walker.satFrom ??= { x: avatar.x, y: avatar.y };
    walker.dir = null;
    walker.path = [];
    walker.pending = null;
    this.#active(avatar, walker, now);
    avatar.x = avatar.targetX = at.x;
    avatar.y = avatar.targetY = at.y;
    avatar.seat = seat;
    this.#movers.delete(sessionId);
  }

  /** Stands a seated avatar up where it sat down from; a standing one is left as it is. */
  stand(sessionId: string, now?: number): void {
    const avatar = this.state.avatars.get(sessionId);
    const walker = this.#walkers.get(sessionId);
    if (!avatar || !walker) return;
    if (now !== undefined && avatar.seat) this.#active(avatar, walker, now);
    this.#standUp(avatar, walker);
  }

  /** A seat is a blocked tile: the avatar steps back to where it stood before it walks anywhere. */
  #standUp(avatar: Avatar, walker: Walker): void {
    if (!avatar.seat) return;
    const back = walker.satFrom ?? { x: avatar.x, y: avatar.y };
    walker.satFrom = null;
    avatar.seat = "";
    avatar.x = avatar.targetX = back.x;
    avatar.y = avatar.targetY = back.y;
  }

  /** Where the avatar stands, or, seated, where it stood when it sat down. */
  standingPoint(sessionId: string): Point | null {
    const avatar = this.state.avatars.get(sessionId);
    if (!avatar) return null;
    return this.#walkers.get(sessionId)?.satFrom ?? { x: avatar.x, y: avatar.y };
  }

  /**
   * One simulation step: the avatars with somewhere to go move (everyone else stands where
   * their target is: every change of target goes through #input or moves the feet with it).
   * With `flagIdle` (the room's once-a-second pass), idle flags then flip for whoever crossed
   * IDLE_AFTER_MS: a minute's threshold needs no 20 Hz check, and in a crowded room that check
   * over every walker was a fifth of the step. Coming back is never late: input clears the flag.
   */
  tick(dtMs: number, now: number, flagIdle = true): void {
    const maxStep = (WALK_SPEED * Math.min(dtMs, 250)) / 1000;
    for (const sessionId of this.#movers) {
      const avatar = this.state.avatars.get(sessionId);
      const walker = this.#walkers.get(sessionId);
      if (!avatar || !walker) {
        this.#movers.delete(sessionId);
        continue;
      }
      this.#move(sessionId, avatar, walker, maxStep);
    }
    if (flagIdle) this.#flagIdle(now);
  }

  /**
   * Idle flags from plain walker data. forEach, not for-of over entries: an entry array per
   * walker per second was most of an idle space's garbage.
   */
  #flagIdle(now: number): void {
    this.#walkers.forEach((walker, sessionId) => {
      const idle = now - walker.lastInputAt > IDLE_AFTER_MS;
      if (walker.idleShown === idle) return;
      walker.idleShown = idle;
      const avatar = this.state.avatars.get(sessionId);
      if (avatar) avatar.idle = idle;
    });
  }

  #move(sessionId: string, avatar: Avatar, walker: Walker, maxStep: number): void {
    if (walker.pending) {
      this.#plan(avatar, walker, walker.pending);
      walker.pending = null;
    }
    if (walker.dir) this.#aim(avatar, walker.dir);
    if (avatar.x !== avatar.targetX || avatar.y !== avatar.targetY) this.#stepOne(avatar, walker, maxStep);
    else if (walker.path.length > 0) this.#nextWaypoint(avatar, walker);
    if (!walker.dir && !walker.pending && walker.path.length === 0 && avatar.x === avatar.targetX && avatar.y === avatar.targetY) {
      this.#movers.delete(sessionId);
    }
  }

  /**
   * Session ids with their positions, for proximity rules (chat, contagion). With `into`,
   * that list and its entries are reused: the room's every-second pass reads positions
   * and lets them go before the next one, and building them anew was garbage per avatar.
   */
  positions(into: Position[] = []): Position[] {
    let n = 0;
    this.state.avatars.forEach((a, sessionId) => {
      const p = into[n++];
      if (p) {
        p.sessionId = sessionId;
        p.x = a.x;
        p.y = a.y;
      } else into.push({ sessionId, x: a.x, y: a.y });
    });
    into.length = n;
    return into;
  }

  /** An emote or a line said: the person is at the keyboard even when standing still (not idle). */
  noteActivity(sessionId: string, now: number): void {
    const walker = this.#walkers.get(sessionId);
    const avatar = this.state.avatars.get(sessionId);
    if (!walker || !avatar) return;
    this.#active(avatar, walker, now);
  }

  #input(sessionId: string, avatar: Avatar, walker: Walker, now: number, ts?: number): void {
    this.#movers.add(sessionId);
    this.#active(avatar, walker, now);
    if (ts !== undefined) avatar.inputTs = ts;
  }

  /** At the keyboard now: the idle flag clears at once, not at the next pass. */
  #active(avatar: Avatar, walker: Walker, now: number): void {
    walker.lastInputAt = now;
    walker.idleShown = false;
    if (avatar.idle) avatar.idle = false;
  }

  #aim(avatar: Avatar, dir: { dx: number; dy: number }): void {
    const aim = clampToBounds(
      { x: avatar.x + dir.dx * DIRECTION_REACH, y: avatar.y + dir.dy * DIRECTION_REACH },
      this.map,
      EDGE_MARGIN,
    );
    avatar.targetX = aim.x;
    avatar.targetY = aim.y;
  }

  #stepOne(avatar: Avatar, walker: Walker, maxStep: number): void {
    const { at, arrived } = walkStep(this.map, avatar, { x: avatar.targetX, y: avatar.targetY }, maxStep);
    avatar.x = at.x;
    avatar.y = at.y;
    if (arrived && (at.x !== avatar.targetX || at.y !== avatar.targetY)) {
      // Blocked short of the waypoint: the path is void; stop here.
      avatar.targetX = at.x;
      avatar.targetY = at.y;
      walker.path = [];
    } else if (arrived && walker.path.length > 0) {
      this.#nextWaypoint(avatar, walker);
    }
  }

  #nextWaypoint(avatar: Avatar, walker: Walker): void {
    const next = walker.path.shift();
    if (!next) return;
    avatar.targetX = next.x;
    avatar.targetY = next.y;
  }

  /** A free walkable tile near a spawn point (nobody standing on it), so arrivals never stack. */
  #freeSpawn(random: () => number): Point {
    const taken = this.positions();
    return freeSpotNear(this.map, this.map.spawns, taken, random) ?? this.map.spawns[0] ?? { x: this.map.width / 2, y: this.map.height / 2 };
  }
}
