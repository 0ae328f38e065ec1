import { type AvatarLook, BODY_COLOR_HEX, type BodyColor, type BodyShape } from "#schema/rules/avatar-look.ts";
import type { Arms, Brows, Eyes, Mark, Mouth, Pose } from "./mood-pose.ts";

/**
 * Draws one avatar (body shape and colour, arms, face, accessory and mood marks) with a
 * few primitives, so the same art paints the world (Phaser Graphics) and the picker's
 * preview and the legend (a 2D canvas). Coordinates: the feet at (0, 0), y down, about
 * 40 px tall. Motion is not drawn here: the caller moves and tilts what was drawn.
 */
export interface Pt {
  x: number;
  y: number;
}

export interface Pen {
  fillPoly(points: readonly Pt[], color: number, alpha?: number): void;
  strokePoly(points: readonly Pt[], width: number, color: number, closed: boolean, alpha?: number): void;
  fillCircle(x: number, y: number, r: number, color: number, alpha?: number): void;
  fillEllipse(x: number, y: number, width: number, height: number, color: number, alpha?: number): void;
}

const INK = 0x1d2330;
const WHITE = 0xffffff;

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

const circle = (cx: number, cy: number, r: number, n = 28): Pt[] =>
  Array.from({ length: n }, (_, i) => {
    const t = (i / n) * Math.PI * 2;
    return { x: cx + Math.cos(t) * r, y: cy + Math.sin(t) * r };
  });

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

function drawEyes(pen: Pen, eyes: Eyes, cy: number): void {
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

function drawBrows(pen: Pen, brows: Brows, cy: number): void {
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

function drawMouth(pen: Pen, mouth: Mouth, cy: number): void {
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

function arc(cx: number, cy: number, r: number, from: number, to: number, n = 10): Pt[] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const t = from + ((to - from) * i) / n;
    return { x: cx + Math.cos(t) * r, y: cy + Math.sin(t) * r };
  });
}

function quad(a: Pt, c: Pt, b: Pt, n = 10): Pt[] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const t = i / n;
    const u = 1 - t;
    return { x: u * u * a.x + 2 * u * t * c.x + t * t * b.x, y: u * u * a.y + 2 * u * t * c.y + t * t * b.y };
  });
}

/** A pen on a 2D canvas (the picker's preview and the legend), `scale` px per art unit around (ox, oy). */
export function canvasPen(ctx: CanvasRenderingContext2D): Pen {
  const css = (color: number, alpha = 1) => `rgba(${(color >> 16) & 255}, ${(color >> 8) & 255}, ${color & 255}, ${alpha})`;
  const path = (points: readonly Pt[], closed: boolean) => {
    ctx.beginPath();
    for (const [i, p] of points.entries()) {
      if (i === 0) ctx.moveTo(p.x, p.y);
      else ctx.lineTo(p.x, p.y);
    }
    if (closed) ctx.closePath();
  };
  return {
    fillPoly(points, color, alpha) {
      path(points, true);
      ctx.fillStyle = css(color, alpha);
      ctx.fill();
    },
    strokePoly(points, width, color, closed, alpha) {
      path(points, closed);
      ctx.lineWidth = width;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = css(color, alpha);
      ctx.stroke();
    },
    fillCircle(x, y, r, color, alpha) {
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fillStyle = css(color, alpha);
      ctx.fill();
    },
    fillEllipse(x, y, width, height, color, alpha) {
      ctx.beginPath();
      ctx.ellipse(x, y, width / 2, height / 2, 0, 0, Math.PI * 2);
      ctx.fillStyle = css(color, alpha);
      ctx.fill();
    },
  };
}
