import { type AvatarLook, BODY_COLOR_HEX, type BodyColor, type BodyShape } from "#schema/rules/avatar-look.ts";
import type { Arms, Mark, Pose } from "./mood-pose.ts";
import { drawBrows, drawEyes, drawMouth } from "./avatar-face.ts";
import { arc, circle, INK, type Pen, type Pt, WHITE } from "./avatar-pen.ts";

export { canvasPen, type Pen, type Pt } from "./avatar-pen.ts";

/**
 * Draws one avatar (body shape and colour, arms, face, accessory and mood marks) with a
 * few primitives, so the same art paints the world (Phaser Graphics) and the picker's
 * preview and the legend (a 2D canvas). Coordinates: the feet at (0, 0), y down, about
 * 40 px tall. Motion is not drawn here: the caller moves and tilts what was drawn.
 */

/** Where the head (the face) sits for a shape: its centre, its top and its half width. */
interface Frame {
  cy: number;
  top: number;
  hw: number;
}

const FRAMES: Record<BodyShape, Frame> = {
  round: { cy: -17, top: -31, hw: 14 },
  square: { cy: -17, top: -30, hw: 13 },
  star: { cy: -17, top: -34, hw: 15 },
  tall: { cy: -21, top: -38, hw: 11 },
  drop: { cy: -16, top: -40, hw: 14 },
};

export function frameOf(shape: BodyShape): Frame {
  return FRAMES[shape] ?? FRAMES.round;
}

function roundedRect(x: number, y: number, w: number, h: number, r: number): Pt[] {
  const pts: Pt[] = [];
  const corners: Array<[number, number, number]> = [
    [x + w - r, y + r, -Math.PI / 2],
    [x + w - r, y + h - r, 0],
    [x + r, y + h - r, Math.PI / 2],
    [x + r, y + r, Math.PI],
  ];
  for (const [cx, cy, start] of corners) {
    for (let i = 0; i <= 6; i++) {
      const t = start + (i / 6) * (Math.PI / 2);
      pts.push({ x: cx + Math.cos(t) * r, y: cy + Math.sin(t) * r });
    }
  }
  return pts;
}

/** The body's outline for a shape (a closed polygon). */
export function bodyOutline(shape: BodyShape): Pt[] {
  const f = frameOf(shape);
  switch (shape) {
    case "square":
      return roundedRect(-13, f.cy - 13, 26, 26, 6);
    case "tall":
      return roundedRect(-11, f.top, 22, 36, 11);
    case "star": {
      const pts: Pt[] = [];
      for (let i = 0; i < 10; i++) {
        const r = i % 2 === 0 ? 17 : 12.5;
        const t = -Math.PI / 2 + (i / 10) * Math.PI * 2;
        pts.push({ x: Math.cos(t) * r, y: f.cy + Math.sin(t) * r });
      }
      return pts;
    }
    case "drop": {
      // A circle with a point on top: the arc between the tangents from the tip.
      const r = 14;
      const tipY = f.cy - 24;
      const alpha = Math.acos(r / 24);
      const pts: Pt[] = [{ x: 0, y: tipY }];
      for (let i = 0; i <= 24; i++) {
        const phi = alpha + (i / 24) * (Math.PI * 2 - 2 * alpha);
        pts.push({ x: r * Math.sin(phi), y: f.cy - r * Math.cos(phi) });
      }
      return pts;
    }
    default:
      return circle(0, f.cy, 14);
  }
}

/** A darker shade of a colour (the arms and the rim). */
export function shade(color: number, by: number): number {
  const c = (shift: number) => Math.round(((color >> shift) & 255) * (1 - by));
  return (c(16) << 16) | (c(8) << 8) | c(0);
}

export interface ArtOptions {
  /** Draw the arms behind the body too (false for a tiny legend icon). */
  arms?: boolean;
}

/** Paints an avatar in its look and pose. */
export function drawAvatar(pen: Pen, look: AvatarLook, pose: Pose, options: ArtOptions = {}): void {
  const shape = look.shape;
  const color = BODY_COLOR_HEX[look.color as BodyColor] ?? BODY_COLOR_HEX.cloud;
  const f = frameOf(shape);
  const armsOn = options.arms !== false;
  // Feet, then arms that sit behind the body, the body, arms in front, face, accessory, marks.
  pen.fillEllipse(-6, -2, 9, 5, INK, 0.9);
  pen.fillEllipse(6, -2, 9, 5, INK, 0.9);
  if (armsOn && behind(pose.arms)) drawArms(pen, pose.arms, f, color);
  const outline = bodyOutline(shape);
  pen.fillPoly(outline, color);
  pen.strokePoly(outline, 2, shade(color, 0.55), true);
  // A soft highlight, so the body reads as round rather than flat.
  pen.fillEllipse(-f.hw * 0.4, f.cy - 7, 7, 4.5, WHITE, 0.45);
  if (armsOn && !behind(pose.arms)) drawArms(pen, pose.arms, f, color);
  drawBrows(pen, pose.brows, f.cy);
  drawEyes(pen, pose.eyes, f.cy);
  drawMouth(pen, pose.mouth, f.cy);
  drawAccessory(pen, look.accessory, f, shape);
  for (const [i, mark] of pose.marks.entries()) drawMark(pen, mark, i, f);
}

const behind = (arms: Arms) => arms === "behind" || arms === "up" || arms === "reach" || arms === "hanging" || arms === "fists" || arms === "down";

function limb(pen: Pen, from: Pt, to: Pt, color: number, hand = 2.6): void {
  pen.strokePoly([from, to], 4.5, shade(color, 0.55), false);
  pen.strokePoly([from, to], 2.5, color, false);
  pen.fillCircle(to.x, to.y, hand + 0.8, shade(color, 0.55));
  pen.fillCircle(to.x, to.y, hand, color);
}

function drawArms(pen: Pen, arms: Arms, f: Frame, color: number): void {
  const { cy, hw } = f;
  const both = (to: (side: 1 | -1) => Pt, from: (side: 1 | -1) => Pt = (s) => ({ x: s * (hw - 2), y: cy + 3 }), hand?: number) => {
    for (const side of [-1, 1] as const) limb(pen, from(side), to(side), color, hand);
  };
  switch (arms) {
    case "up":
      both((s) => ({ x: s * (hw + 7), y: cy - 14 }), (s) => ({ x: s * (hw - 3), y: cy - 2 }));
      return;
    case "reach":
      both((s) => ({ x: s * (hw + 10), y: cy + 1 }));
      return;
    case "behind":
      both((s) => ({ x: s * (hw + 3), y: cy + 9 }), (s) => ({ x: s * (hw - 4), y: cy + 2 }));
      return;
    case "hanging":
      both((s) => ({ x: s * (hw + 2), y: cy + 16 }), (s) => ({ x: s * (hw - 2), y: cy + 5 }));
      return;
    case "fists":
      both((s) => ({ x: s * (hw + 8), y: cy + 5 }), undefined, 3.6);
      return;
    case "clasped":
      both((s) => ({ x: s * 1.5, y: cy + 11 }), (s) => ({ x: s * (hw - 1), y: cy + 5 }));
      return;
    case "crossed":
      both((s) => ({ x: -s * (hw - 4), y: cy + 10 }), (s) => ({ x: s * (hw - 1), y: cy + 8 }));
      return;
    case "hugging":
      both((s) => ({ x: -s * 5, y: cy + 3 }), (s) => ({ x: s * (hw - 1), y: cy + 10 }));
      return;
    default:
      both((s) => ({ x: s * (hw + 4), y: cy + 11 }));
      return;
  }
}

function drawAccessory(pen: Pen, accessory: string, f: Frame, shape: BodyShape): void {
  const top = shape === "drop" || shape === "star" ? f.cy - 13 : f.top;
  switch (accessory) {
    case "hat":
      pen.fillPoly(roundedRect(-8, top - 11, 16, 12, 3), INK);
      pen.fillPoly(roundedRect(-8, top - 3.5, 16, 3, 1), 0xd55e00);
      pen.fillEllipse(0, top + 1, 28, 5, INK);
      return;
    case "glasses":
      for (const x of [-5, 5]) pen.strokePoly(circle(x, f.cy - 3, 4.2, 16), 1.6, INK, true);
      pen.strokePoly([{ x: -1, y: f.cy - 3.5 }, { x: 1, y: f.cy - 3.5 }], 1.6, INK, false);
      pen.strokePoly([{ x: -9, y: f.cy - 4 }, { x: -f.hw, y: f.cy - 6 }], 1.4, INK, false);
      pen.strokePoly([{ x: 9, y: f.cy - 4 }, { x: f.hw, y: f.cy - 6 }], 1.4, INK, false);
      return;
    case "scarf": {
      const y = f.cy + 9;
      pen.fillPoly(roundedRect(-f.hw + 1, y - 2, 2 * f.hw - 2, 5, 2.5), 0x7a2e4a);
      pen.fillPoly([{ x: 4, y: y + 1 }, { x: 9, y: y + 1 }, { x: 10, y: y + 11 }, { x: 5, y: y + 10 }], 0x7a2e4a);
      pen.strokePoly([{ x: 5.5, y: y + 9.5 }, { x: 9.5, y: y + 10.5 }], 1, 0xffffff, false, 0.6);
      return;
    }
    case "headphones":
      pen.strokePoly(arc(0, f.cy - 2, f.hw + 2, Math.PI * 1.05, Math.PI * 1.95), 3, INK, false);
      for (const s of [-1, 1]) pen.fillPoly(roundedRect(s * (f.hw + 2) - 3.5, f.cy - 6, 7, 10, 2.5), 0xd55e00);
      return;
    case "bow": {
      const x = 7;
      const y = top + 2;
      pen.fillPoly([{ x, y }, { x: x - 7, y: y - 5 }, { x: x - 7, y: y + 5 }], 0xcc3f76);
      pen.fillPoly([{ x, y }, { x: x + 7, y: y - 5 }, { x: x + 7, y: y + 5 }], 0xcc3f76);
      pen.fillCircle(x, y, 2.4, 0x8e1f4c);
      return;
    }
    default:
      return;
  }
}

/** Marks sit by the head: the first at the upper right, the second at the upper left. */
function drawMark(pen: Pen, mark: Mark, index: number, f: Frame): void {
  const x = index === 0 ? f.hw + 6 : -f.hw - 6;
  const y = f.top - 2 + (index === 0 ? 0 : 4);
  switch (mark) {
    case "sparkle": {
      const pts: Pt[] = [];
      for (let i = 0; i < 8; i++) {
        const r = i % 2 === 0 ? 6 : 1.8;
        const t = -Math.PI / 2 + (i / 8) * Math.PI * 2;
        pts.push({ x: x + Math.cos(t) * r, y: y + Math.sin(t) * r });
      }
      pen.fillPoly(pts, 0xffe14d);
      pen.strokePoly(pts, 1, INK, true, 0.7);
      return;
    }
    case "shine":
      for (let i = 0; i < 3; i++) {
        const t = -Math.PI * 0.9 + i * 0.4;
        pen.strokePoly([{ x: x + Math.cos(t) * 2, y: y + Math.sin(t) * 2 }, { x: x + Math.cos(t) * 7, y: y + Math.sin(t) * 7 }], 2, 0xffe14d, false);
      }
      return;
    case "heart":
      pen.fillCircle(x - 2.2, y - 1, 2.8, 0xff5c9a);
      pen.fillCircle(x + 2.2, y - 1, 2.8, 0xff5c9a);
      pen.fillPoly([{ x: x - 4.8, y: y }, { x: x + 4.8, y: y }, { x, y: y + 5.5 }], 0xff5c9a);
      return;
    case "note":
      pen.fillEllipse(x - 2, y + 4, 5, 3.6, WHITE);
      pen.strokePoly([{ x: x + 0.3, y: y + 4 }, { x: x + 0.3, y: y - 5 }, { x: x + 4, y: y - 3 }], 1.6, WHITE, false);
      return;
    case "flower":
      for (let i = 0; i < 5; i++) {
        const t = (i / 5) * Math.PI * 2;
        pen.fillCircle(x + Math.cos(t) * 3, y + Math.sin(t) * 3, 2.2, 0xf5a3c7);
      }
      pen.fillCircle(x, y, 1.8, 0xffe14d);
      return;
    case "zzz":
      pen.strokePoly([{ x: x - 3, y: y - 4 }, { x: x + 3, y: y - 4 }, { x: x - 3, y: y + 3 }, { x: x + 3, y: y + 3 }], 1.8, WHITE, false);
      pen.strokePoly([{ x: x + 4, y: y - 9 }, { x: x + 7, y: y - 9 }, { x: x + 4, y: y - 6 }, { x: x + 7, y: y - 6 }], 1.4, WHITE, false);
      return;
    case "dots":
      for (const dx of [-4, 0, 4]) pen.fillCircle(x + dx, y + 2, 1.4, WHITE);
      return;
    case "hmph":
      for (const [dx, dy, r] of [
        [0, 0, 3.2],
        [3.5, -1.5, 2.6],
        [6, 0.5, 2],
      ] as const)
        pen.fillCircle(x + dx - 3, y + dy, r, 0xd8dde6);
      return;
    case "sweat":
      pen.fillPoly(
        [{ x, y: y - 5 }, ...arc(x, y + 1, 3, -Math.PI * 0.1, Math.PI * 1.1)],
        0x56b4e9,
      );
      pen.fillCircle(x - 0.8, y + 0.5, 0.9, WHITE);
      return;
    case "tear":
      pen.fillPoly([{ x: -5, y: f.cy + 0 }, ...arc(-5, f.cy + 4, 1.8, -Math.PI * 0.1, Math.PI * 1.1)], 0x56b4e9);
      return;
    case "steam":
      for (const [dx, dy, r] of [
        [0, 0, 3],
        [-3.5, -4, 2.4],
        [1, -8, 1.8],
      ] as const)
        pen.fillCircle(x + dx, y + dy, r, 0xeef1f5, 0.9);
      return;
    case "bolt":
      // The "cross vein" of anger: four short strokes around a centre.
      for (const [ax, ay, bx, by] of [
        [-4, -1.5, -1.5, -1.5],
        [1.5, -1.5, 4, -1.5],
        [-4, 1.5, -1.5, 1.5],
        [1.5, 1.5, 4, 1.5],
      ] as const) {
        pen.strokePoly([{ x: x + ax, y: y + ay - (ax < 0 ? 2 : 0) }, { x: x + bx, y: y + by }], 2, 0xe8453c, false);
      }
      return;
    default:
      return;
  }
}
