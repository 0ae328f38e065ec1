/**
 * Which avatar a click meant. Bodies overlap when people stand a tile apart (a box is
 * taller than a tile), and Phaser hands the press to the figure drawn on top: the one in
 * front, which is often not the one aimed at, and sometimes your own. So the press goes
 * to the other person whose body's middle is nearest the pointer among those whose box
 * holds it.
 */

/** A body's box around the feet, world units: where a press on an avatar may land. */
export const BODY_BOX = { left: -24, right: 24, top: -62, bottom: 6 } as const;

/** The middle of a body, above the feet (world units). */
const BODY_MIDDLE_Y = (BODY_BOX.top + BODY_BOX.bottom) / 2;

export interface PickCandidate {
  x: number;
  y: number;
  /** False for your own avatar and for anyone without an account to open. */
  pickable: boolean;
}

export function pickAvatarAt<T extends PickCandidate>(px: number, py: number, avatars: Iterable<T>): T | null {
  let best: T | null = null;
  let bestDistance = Infinity;
  for (const a of avatars) {
    if (!a.pickable || !inBox(px - a.x, py - a.y)) continue;
    const distance = Math.hypot(px - a.x, py - (a.y + BODY_MIDDLE_Y));
    if (distance < bestDistance) {
      best = a;
      bestDistance = distance;
    }
  }
  return best;
}

function inBox(dx: number, dy: number): boolean {
  return dx >= BODY_BOX.left && dx <= BODY_BOX.right && dy >= BODY_BOX.top && dy <= BODY_BOX.bottom;
}
