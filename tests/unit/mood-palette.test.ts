import assert from "node:assert/strict";
import { LEGEND_ORDER, OCTANT_LOOKS } from "../../client/src/scenes/mood-look.ts";

/**
 * Issue 12 (engine section, looks): the eight moods stay apart for people with the common
 * colour blindnesses, and never by colour alone (each has its own icon).
 */
type Rgb = [number, number, number];
const rgbOf = (hex: number): Rgb => [(hex >> 16) & 255, (hex >> 8) & 255, hex & 255];
const lin = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
/** Machado et al. (2009) full-severity simulation matrices, on linear RGB. */
const CVD: Record<string, number[][]> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protan: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deutan: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
};
function lab(rgb: Rgb, m: number[][]): Rgb {
  const l = rgb.map(lin);
  const s = m.map((row) => Math.min(1, Math.max(0, row[0]! * l[0]! + row[1]! * l[1]! + row[2]! * l[2]!)));
  const [r, g, b] = s as Rgb;
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
const deltaE = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe("mood palette", () => {
  it("[ML1] every pair of moods differs by ΔE ≥ 15 with normal, protan and deutan vision, and each mood has its own icon", () => {
    const worst: Record<string, string> = {};
    for (const [vision, matrix] of Object.entries(CVD)) {
      let min = Number.POSITIVE_INFINITY;
      for (const a of LEGEND_ORDER) {
        for (const b of LEGEND_ORDER) {
          if (a >= b) continue;
          const d = deltaE(lab(rgbOf(OCTANT_LOOKS[a]!.aura), matrix), lab(rgbOf(OCTANT_LOOKS[b]!.aura), matrix));
          if (d < min) {
            min = d;
            worst[vision] = `${a}/${b} ${d.toFixed(1)}`;
          }
        }
      }
      assert.ok(min >= 15, `${vision}: closest pair ${worst[vision]}`);
    }
    const icons = LEGEND_ORDER.map((m) => OCTANT_LOOKS[m]!.icon);
    assert.equal(new Set(icons).size, 8, `icons: ${icons.join(" ")}`);
    assert.ok(icons.every((i) => i.length > 0));
    assert.ok(!LEGEND_ORDER.some((m) => OCTANT_LOOKS[m]!.aura === 0xffffff), "the own ring's white is no mood's colour");
  });
});
