import type { PAD } from "./types.ts";

export const ORIGIN: PAD = { p: 0, a: 0, d: 0 };
export const SQRT3 = Math.sqrt(3);

export function clamp1(x: number): number {
  return Math.max(-1, Math.min(1, x));
}

export function clampPad(v: PAD): PAD {
  return { p: clamp1(v.p), a: clamp1(v.a), d: clamp1(v.d) };
}

export function add(a: PAD, b: PAD): PAD {
  return { p: a.p + b.p, a: a.a + b.a, d: a.d + b.d };
}

export function sub(a: PAD, b: PAD): PAD {
  return { p: a.p - b.p, a: a.a - b.a, d: a.d - b.d };
}

export function scale(v: PAD, k: number): PAD {
  return { p: v.p * k, a: v.a * k, d: v.d * k };
}

export function length(v: PAD): number {
  return Math.hypot(v.p, v.a, v.d);
}

export function distance(a: PAD, b: PAD): number {
  return length(sub(a, b));
}

export function dot(a: PAD, b: PAD): number {
  return a.p * b.p + a.a * b.a + a.d * b.d;
}

/** Moves `from` toward `to` by at most `step`. */
export function approach(from: PAD, to: PAD, step: number): PAD {
  const gap = sub(to, from);
  const len = length(gap);
  return len <= step || len === 0 ? { ...to } : add(from, scale(gap, step / len));
}
