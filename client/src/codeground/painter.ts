/**
 * Draws the script's calls on the worker's OffscreenCanvas. Every argument is checked
 * here (finite, clamped, short strings), since it comes from the user's script.
 */
const MAX_COLOR = 64;
const MAX_TEXT = 200;
const COORD = 1e5;

export const DrawOp = { CLEAR: 0, FILL_STYLE: 1, STROKE_STYLE: 2, LINE_WIDTH: 3, FILL_RECT: 4, CIRCLE: 5, LINE: 6, TEXT: 7 } as const;

const clamp = (v: number, lo: number, hi: number) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : 0);
const coord = (v: number) => clamp(v, -COORD, COORD);

export class Painter {
  readonly #ctx: OffscreenCanvasRenderingContext2D;
  readonly #width: number;
  readonly #height: number;

  constructor(canvas: OffscreenCanvas) {
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2d context on the sandbox canvas");
    this.#ctx = ctx;
    this.#width = canvas.width;
    this.#height = canvas.height;
    ctx.fillStyle = "#ffffff";
    ctx.strokeStyle = "#ffffff";
    ctx.textBaseline = "top";
  }

  draw(op: number, a: number, b: number, c: number, d: number, s: string): void {
    const ctx = this.#ctx;
    switch (op) {
      case DrawOp.CLEAR: {
        const keep = ctx.fillStyle;
        ctx.fillStyle = "#0d1117";
        if (s !== "") ctx.fillStyle = s.slice(0, MAX_COLOR);
        ctx.fillRect(0, 0, this.#width, this.#height);
        ctx.fillStyle = keep;
        return;
      }
      case DrawOp.FILL_STYLE:
        ctx.fillStyle = s.slice(0, MAX_COLOR);
        return;
      case DrawOp.STROKE_STYLE:
        ctx.strokeStyle = s.slice(0, MAX_COLOR);
        return;
      case DrawOp.LINE_WIDTH:
        ctx.lineWidth = clamp(a, 0.1, 100);
        return;
      case DrawOp.FILL_RECT:
        ctx.fillRect(coord(a), coord(b), coord(c), coord(d));
        return;
      case DrawOp.CIRCLE:
        ctx.beginPath();
        ctx.arc(coord(a), coord(b), clamp(c, 0, COORD), 0, Math.PI * 2);
        ctx.fill();
        return;
      case DrawOp.LINE:
        ctx.beginPath();
        ctx.moveTo(coord(a), coord(b));
        ctx.lineTo(coord(c), coord(d));
        ctx.stroke();
        return;
      case DrawOp.TEXT:
        ctx.font = `${Math.round(clamp(c, 6, 96))}px sans-serif`;
        ctx.fillText(s.slice(0, MAX_TEXT), coord(a), coord(b));
        return;
      default:
        return;
    }
  }
}
