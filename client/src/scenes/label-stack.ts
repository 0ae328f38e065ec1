import type { LabelBounds } from "./avatar-figure.ts";

/** A box in world units (x, y: top-left). */
export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One avatar's labels: where its feet are and its label box relative to them. */
export interface LabelColumn {
  x: number;
  y: number;
  bounds: LabelBounds;
}

/** Clearance between two avatars' labels. */
const GAP = 3;

/**
 * How far to raise each avatar's labels so no two avatars' labels overlap, for people
 * standing close. The avatar nearest the front (largest y) keeps its labels over its head;
 * each one behind it is raised just above whatever it would cover. Greedy and
 * deterministic (ties by x), so labels do not trade places while nobody moves.
 * Pure: the scene calls it each frame with a handful of boxes.
 */
export function stackLabels(columns: readonly LabelColumn[]): number[] {
  const order = columns.map((_, i) => i).sort((a, b) => columns[b]!.y - columns[a]!.y || columns[a]!.x - columns[b]!.x);
  const placed: Array<{ left: number; right: number; top: number; bottom: number }> = [];
  const lifts = new Array<number>(columns.length).fill(0);
  for (const i of order) {
    const c = columns[i]!;
    const left = c.x + c.bounds.left;
    const right = c.x + c.bounds.right;
    let lift = 0;
    // Each pass raises it above one box it overlaps; lifts only grow, so this ends.
    for (let pass = 0; pass <= placed.length; pass++) {
      const top = c.y + c.bounds.top - lift;
      const bottom = c.y + c.bounds.bottom - lift;
      const hit = placed.find((p) => left < p.right + GAP && right > p.left - GAP && top < p.bottom + GAP && bottom > p.top - GAP);
      if (!hit) break;
      lift = c.y + c.bounds.bottom - hit.top + GAP;
    }
    lifts[i] = lift;
    placed.push({ left, right, top: c.y + c.bounds.top - lift, bottom: c.y + c.bounds.bottom - lift });
  }
  return lifts;
}
