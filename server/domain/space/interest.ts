/**
 * Interest management of a crowded space: who receives whose avatar. Pure (no sockets, no
 * schema): positions in, "viewer now sees / no longer sees target" changes out; the room
 * applies them to each client's StateView (server/rooms/space-views.ts).
 *
 * - A viewer sees the avatars within `radius` px of its own, and keeps seeing one until it
 *   is farther than `leaveRadius` (hysteresis: someone pacing at the edge does not flap).
 * - A viewer always sees itself, and the people it interacted with (whisper, targeted
 *   emote, either way) for PIN_MS after the last interaction, wherever they stand.
 * - Neighbours are found through a grid of cells half the leave radius wide: a viewer looks
 *   at the 5×5 cells around it only, so a pass costs O(people × neighbours), not O(people²);
 *   a pass may also cover a share of the viewers (`part` of `parts`), so the room spreads
 *   one refresh of everyone over several ticks.
 */
import { cellKey } from "./cell-grid.ts";

/** An interaction keeps both people in each other's view this long after it (ms). */
export const PIN_MS = 60_000;

export interface Placed {
  sessionId: string;
  x: number;
  y: number;
}

export interface ViewChange {
  viewer: string;
  target: string;
  /** true: the viewer starts receiving the target's avatar; false: it stops. */
  visible: boolean;
}

/** How far beyond the radius a seen avatar may wander before it leaves the view. */
export function leaveRadiusOf(radius: number): number {
  return radius + Math.max(64, radius / 4);
}

export class InterestGrid {
  readonly leaveRadius: number;
  /** Cell width: half the leave radius, so ±2 cells cover it. */
  readonly #cell: number;
  /** viewer → the avatars it receives now (itself included). */
  readonly #seen = new Map<string, Set<string>>();
  /** viewer → (other → until when the pair stays visible, ms). */
  readonly #pins = new Map<string, Map<string, number>>();
  /** Session id → the stamp of the last viewer that found it near (a pass's scratch, kept to allocate nothing). */
  readonly #marks = new Map<string, number>();
  #stamp = 0;
  /** Scratch: the ids one viewer found near, the first `count` of it. */
  readonly #near: string[] = [];

  constructor(readonly radius: number) {
    this.leaveRadius = leaveRadiusOf(radius);
    this.#cell = this.leaveRadius / 2;
  }

  /** A new viewer: it sees itself at once; its neighbours come with the next pass. */
  join(sessionId: string): ViewChange[] {
    this.#seen.set(sessionId, new Set([sessionId]));
    return [{ viewer: sessionId, target: sessionId, visible: true }];
  }

  /**
   * A viewer left: its bookkeeping goes. No changes are returned: its avatar leaves the
   * state, which removes it from every view that held it.
   */
  leave(sessionId: string): void {
    this.#seen.delete(sessionId);
    this.#pins.delete(sessionId);
    this.#marks.delete(sessionId);
    for (const seen of this.#seen.values()) seen.delete(sessionId);
    for (const pins of this.#pins.values()) pins.delete(sessionId);
  }

  /** Whether any pin may still be in force (an expired one goes at its viewer's next pass). */
  get pinning(): boolean {
    return this.#pins.size > 0;
  }

  /** Two people interacted: each keeps the other in view for PIN_MS (from `now`). */
  pin(a: string, b: string, now: number): ViewChange[] {
    if (a === b || !this.#seen.has(a) || !this.#seen.has(b)) return [];
    const until = now + PIN_MS;
    const changes: ViewChange[] = [];
    for (const [viewer, target] of [
      [a, b],
      [b, a],
    ] as const) {
      const pins = this.#pins.get(viewer) ?? new Map<string, number>();
      this.#pins.set(viewer, pins);
      pins.set(target, until);
      const seen = this.#seen.get(viewer) as Set<string>;
      if (!seen.has(target)) {
        seen.add(target);
        changes.push({ viewer, target, visible: true });
      }
    }
    return changes;
  }

  /** Whether `viewer` receives `target`'s avatar now. */
  sees(viewer: string, target: string): boolean {
    return this.#seen.get(viewer)?.has(target) ?? false;
  }

  /** The viewers that receive `target`'s avatar now (it included). */
  viewersOf(target: string): string[] {
    const out: string[] = [];
    for (const [viewer, seen] of this.#seen) if (seen.has(target)) out.push(viewer);
    return out;
  }

  /** How many avatars `viewer` receives now. */
  countSeenBy(viewer: string): number {
    return this.#seen.get(viewer)?.size ?? 0;
  }

  /** The session ids whose avatars `viewer` receives now (itself included); empty for a stranger. */
  seenBy(viewer: string): ReadonlySet<string> {
    return this.#seen.get(viewer) ?? NOBODY;
  }

  /**
   * A pass over the viewers at positions `part`, `part + parts`, ... of `positions` (all of
   * them by default), everyone's position counting as a neighbour: the views that change.
   */
  update(positions: readonly Placed[], now: number, part = 0, parts = 1): ViewChange[] {
    const cells = this.#cells(positions);
    const enter2 = this.radius * this.radius;
    const leave2 = this.leaveRadius * this.leaveRadius;
    const changes: ViewChange[] = [];
    for (let i = part; i < positions.length; i += parts) {
      const me = positions[i] as Placed;
      const seen = this.#seen.get(me.sessionId);
      if (!seen) continue;
      const pins = this.#livePins(me.sessionId, now);
      const count = this.#listNear(me, seen, cells, pins, enter2, leave2);
      const near = this.#near;
      const first = changes.length;
      for (let k = 0; k < count; k++) {
        const target = near[k] as string;
        if (!seen.has(target)) changes.push({ viewer: me.sessionId, target, visible: true });
      }
      for (const target of seen) if (this.#marks.get(target) !== this.#stamp) changes.push({ viewer: me.sessionId, target, visible: false });
      // The viewer's set changes in place: a set built per viewer per pass lived just long
      // enough to reach the old generation, and collecting it stalled the patch phase.
      for (let c = first; c < changes.length; c++) {
        const { target, visible } = changes[c] as ViewChange;
        if (visible) seen.add(target);
        else seen.delete(target);
      }
    }
    return changes;
  }

  /**
   * Lists in #near, once each, who `me` should see now (within the radius, or within the
   * leave radius if seen already, or pinned); returns how many. Each is marked with this
   * viewer's stamp, so no set is built per viewer.
   */
  #listNear(me: Placed, seen: ReadonlySet<string>, cells: Map<number, Placed[]>, pins: string[] | null, enter2: number, leave2: number): number {
    const stamp = ++this.#stamp;
    let count = this.#mark(me.sessionId, stamp, 0);
    const cx = Math.floor(me.x / this.#cell);
    const cy = Math.floor(me.y / this.#cell);
    for (let dx = -2; dx <= 2; dx++) {
      for (let dy = -2; dy <= 2; dy++) {
        for (const other of cells.get(cellKey(cx + dx, cy + dy)) ?? []) {
          const d2 = (other.x - me.x) ** 2 + (other.y - me.y) ** 2;
          if (d2 <= enter2 || (d2 <= leave2 && seen.has(other.sessionId))) count = this.#mark(other.sessionId, stamp, count);
        }
      }
    }
    if (pins) for (const other of pins) if (this.#seen.has(other)) count = this.#mark(other, stamp, count);
    return count;
  }

  /**
   * Appends `id` to #near unless `stamp` marks it already; returns the new count. A method,
   * not a closure per viewer: tsx keeps function names, so every closure made in a loop costs
   * an Object.defineProperty that turns the function into a slow dictionary object.
   */
  #mark(id: string, stamp: number, count: number): number {
    if (this.#marks.get(id) === stamp) return count;
    this.#marks.set(id, stamp);
    this.#near[count] = id;
    return count + 1;
  }

  #cells(positions: readonly Placed[]): Map<number, Placed[]> {
    const cells = new Map<number, Placed[]>();
    for (const p of positions) {
      const key = cellKey(Math.floor(p.x / this.#cell), Math.floor(p.y / this.#cell));
      const cell = cells.get(key);
      if (cell) cell.push(p);
      else cells.set(key, [p]);
    }
    return cells;
  }

  /** The viewer's pins still in force (expired ones are dropped). */
  #livePins(viewer: string, now: number): string[] | null {
    const pins = this.#pins.get(viewer);
    if (!pins) return null;
    for (const [other, until] of pins) if (until <= now) pins.delete(other);
    if (pins.size === 0) {
      this.#pins.delete(viewer);
      return null;
    }
    return [...pins.keys()];
  }
}

const NOBODY: ReadonlySet<string> = new Set();

