/** Server walking speed (px/s), as in server/domain/maps.ts WALK_SPEED. */
const WALK_SPEED = 160;
/** How much of the gap to the predicted point is closed per frame (smooth corrections). */
const BLEND = 0.35;

interface Point {
  x: number;
  y: number;
}

/**
 * Client-side prediction for your own avatar: it starts walking the moment you click,
 * at the server's speed, and every server snapshot re-bases the prediction (the server
 * is authoritative: blocked tiles and clamping come back as corrections, blended in).
 */
export class SelfPredictor {
  #base: Point;
  #target: Point;
  #at: number;
  #drawn: Point;

  constructor(start: { x: number; y: number; targetX: number; targetY: number }, now: number) {
    this.#base = { x: start.x, y: start.y };
    this.#target = { x: start.targetX, y: start.targetY };
    this.#at = now;
    this.#drawn = { ...this.#base };
  }

  /** Our own intent: walk there now, before the server confirms. */
  aim(x: number, y: number, now: number): void {
    this.#base = this.#predicted(now);
    this.#target = { x, y };
    this.#at = now;
  }

  /** The server's word: where we are and where we are going. */
  reconcile(s: { x: number; y: number; targetX: number; targetY: number }, now: number): void {
    this.#base = { x: s.x, y: s.y };
    this.#target = { x: s.targetX, y: s.targetY };
    this.#at = now;
  }

  sample(now: number): Point {
    const p = this.#predicted(now);
    this.#drawn = { x: this.#drawn.x + (p.x - this.#drawn.x) * BLEND, y: this.#drawn.y + (p.y - this.#drawn.y) * BLEND };
    if (Math.hypot(p.x - this.#drawn.x, p.y - this.#drawn.y) < 0.05) this.#drawn = p;
    return this.#drawn;
  }

  #predicted(now: number): Point {
    const dx = this.#target.x - this.#base.x;
    const dy = this.#target.y - this.#base.y;
    const gap = Math.hypot(dx, dy);
    const travel = (WALK_SPEED * Math.max(0, now - this.#at)) / 1000;
    if (gap <= travel || gap === 0) return { ...this.#target };
    return { x: this.#base.x + (dx * travel) / gap, y: this.#base.y + (dy * travel) / gap };
  }
}
