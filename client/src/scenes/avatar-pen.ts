/** The few drawing primitives the avatar art uses, so one drawing serves Phaser Graphics and a 2D canvas. */
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

export const INK = 0x1d2330;
export const WHITE = 0xffffff;

export const circle = (cx: number, cy: number, r: number, n = 28): Pt[] =>
  Array.from({ length: n }, (_, i) => {
    const t = (i / n) * Math.PI * 2;
    return { x: cx + Math.cos(t) * r, y: cy + Math.sin(t) * r };
  });

export function arc(cx: number, cy: number, r: number, from: number, to: number, n = 10): Pt[] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const t = from + ((to - from) * i) / n;
    return { x: cx + Math.cos(t) * r, y: cy + Math.sin(t) * r };
  });
}

export function quad(a: Pt, c: Pt, b: Pt, n = 10): Pt[] {
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
