/** Pure movement rules for avatars: no Colyseus, no I/O. */

export interface Point {
  x: number;
  y: number;
}

export interface Bounds {
  width: number;
  height: number;
}

/** Keeps a point inside the map, with `margin` pixels to spare at each edge. */
export function clampToBounds(p: Point, bounds: Bounds, margin = 0): Point {
  return {
    x: Math.min(Math.max(p.x, margin), bounds.width - margin),
    y: Math.min(Math.max(p.y, margin), bounds.height - margin),
  };
}

/** Moves `from` toward `to` by at most `maxStep`; lands exactly on `to` when close enough. */
export function stepToward(from: Point, to: Point, maxStep: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const distance = Math.hypot(dx, dy);
  if (distance <= maxStep || distance === 0) return { x: to.x, y: to.y };
  const k = maxStep / distance;
  return { x: from.x + dx * k, y: from.y + dy * k };
}
