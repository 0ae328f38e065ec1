import type { Brows, Eyes, Mouth } from "./mood-pose.ts";
import { circle, type Pen, INK, WHITE, arc, quad } from "./avatar-pen.ts";

/** The face of an avatar by mood: eyes, brows and mouth around the head centre `cy`. */
export function drawEyes(pen: Pen, eyes: Eyes, cy: number): void {
  const y = cy - 3;
  for (const x of [-5, 5]) {
    switch (eyes) {
      case "happy":
        pen.strokePoly(arc(x, y + 1.5, 3, Math.PI, Math.PI * 2), 2, INK, false);
        break;
      case "content":
        pen.strokePoly(arc(x, y - 1, 3, 0, Math.PI), 2, INK, false);
        break;
      case "wide":
        pen.fillCircle(x, y, 3.4, WHITE);
        pen.fillCircle(x, y + 0.5, 2.2, INK);
        pen.fillCircle(x - 0.8, y - 0.6, 0.8, WHITE);
        break;
      case "startled":
        pen.fillCircle(x, y, 3.6, WHITE);
        pen.strokePoly(circle(x, y, 3.6, 14), 1, INK, true);
        pen.fillCircle(x, y, 1.1, INK);
        break;
      case "soft":
        pen.fillCircle(x, y, 1.8, INK);
        break;
      case "heavy":
        pen.fillEllipse(x, y + 1, 4.4, 2.6, INK);
        pen.strokePoly([{ x: x - 3, y: y - 0.5 }, { x: x + 3, y: y - 0.5 }], 1.6, INK, false);
        break;
      case "narrow":
        pen.fillEllipse(x, y, 5, 1.6, INK);
        break;
      case "glare":
        pen.fillEllipse(x, y + 0.5, 4.2, 3, INK);
        break;
      default:
        pen.fillEllipse(x, y, 4, 4.4, INK);
    }
  }
}

export function drawBrows(pen: Pen, brows: Brows, cy: number): void {
  const y = cy - 9;
  // Each brow from its inner end (near the nose) to its outer end.
  const pair = (inner: number, outer: number, width = 1.6) => {
    for (const s of [-1, 1]) pen.strokePoly([{ x: s * 2, y: y + inner }, { x: s * 8, y: y + outer }], width, INK, false);
  };
  switch (brows) {
    case "raised":
      for (const s of [-1, 1]) pen.strokePoly(arc(s * 5, y + 1, 3, Math.PI * 1.15, Math.PI * 1.85), 1.6, INK, false);
      return;
    case "pleading":
      pair(-1.5, 0.5);
      return;
    case "worried":
      pair(-3, 1, 1.8);
      return;
    case "relaxed":
      pair(-0.5, -0.5, 1.2);
      return;
    case "flat":
      pair(1.5, 1.5, 1.8);
      return;
    case "angry":
      pair(2.5, -2, 2.2);
      return;
    case "arched":
      pen.strokePoly(arc(5, y - 0.5, 3.5, Math.PI * 1.1, Math.PI * 1.9), 1.6, INK, false);
      pen.strokePoly([{ x: -8, y: y + 2 }, { x: -2, y: y + 2 }], 1.6, INK, false);
      return;
    default:
      return;
  }
}

export function drawMouth(pen: Pen, mouth: Mouth, cy: number): void {
  const y = cy + 5;
  const curve = (w: number, bend: number, width = 2) => pen.strokePoly(quad({ x: -w, y }, { x: 0, y: y + bend * 2 }, { x: w, y }), width, INK, false);
  switch (mouth) {
    case "grin": {
      const open = [{ x: -6, y: y - 1 }, ...arc(0, y - 1, 6, 0, Math.PI).slice(1)];
      pen.fillPoly(open, INK);
      pen.fillEllipse(0, y + 3, 5, 2.4, 0xff7a8a);
      return;
    }
    case "smile":
      curve(6, 3.5);
      return;
    case "soft":
      curve(4.5, 2);
      return;
    case "small":
      curve(2.5, 1.2, 1.8);
      return;
    case "flat":
      pen.strokePoly([{ x: -5, y: y + 1 }, { x: 5, y: y + 1 }], 2, INK, false);
      return;
    case "smirk":
      pen.strokePoly([{ x: -5, y: y + 1.5 }, { x: 2, y: y + 0.5 }, { x: 5, y: y - 1.5 }], 2, INK, false);
      return;
    case "wobbly":
      pen.strokePoly(
        Array.from({ length: 7 }, (_, i) => ({ x: -6 + i * 2, y: y + 1 + (i % 2 === 0 ? 0 : -1.6) })),
        1.8,
        INK,
        false,
      );
      return;
    case "snarl": {
      const frown = quad({ x: -6, y: y + 3 }, { x: 0, y: y - 3 }, { x: 6, y: y + 3 });
      pen.fillPoly([...frown, { x: 4, y: y + 3.5 }, { x: -4, y: y + 3.5 }], INK);
      pen.strokePoly([{ x: -3.5, y: y + 1.2 }, { x: 3.5, y: y + 1.2 }], 1.2, WHITE, false);
      return;
    }
    default:
      curve(4.5, 0.4);
      return;
  }
}
