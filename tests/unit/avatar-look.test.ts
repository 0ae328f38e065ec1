import assert from "node:assert/strict";
import { drawAvatar, type Pen } from "../../client/src/scenes/avatar-art.ts";
import { LEGEND_ORDER } from "../../client/src/scenes/mood-look.ts";
import { poseKey, poseOf, motionFrame } from "../../client/src/scenes/mood-pose.ts";
import {
  ACCESSORIES,
  AvatarLook,
  BODY_COLOR_HEX,
  BODY_COLORS,
  BODY_SHAPES,
  defaultLook,
  lookFromStored,
} from "../../schema/rules/avatar-look.ts";

type Rgb = [number, number, number];
const lin = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const rgbOf = (hex: number): Rgb => [(hex >> 16) & 255, (hex >> 8) & 255, hex & 255];
const luminance = (hex: number) => {
  const [r, g, b] = rgbOf(hex).map(lin) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: number, b: number) => {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};
/** Machado et al. (2009) full-severity simulations on linear RGB (as in mood-palette.test.ts), plus tritan. */
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
  tritan: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};
function lab(hex: number, m: number[][]): Rgb {
  const l = rgbOf(hex).map(lin);
  const [r, g, b] = m.map((row) => Math.min(1, Math.max(0, row[0]! * l[0]! + row[1]! * l[1]! + row[2]! * l[2]!))) as Rgb;
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** A pen that writes down what it was asked to draw (rounded), to compare drawings. */
function recordingPen(): Pen & { calls: string[] } {
  const calls: string[] = [];
  const n = (v: number) => v.toFixed(1);
  const pts = (p: ReadonlyArray<{ x: number; y: number }>) => p.map((q) => `${n(q.x)},${n(q.y)}`).join(" ");
  return {
    calls,
    fillPoly: (p, c, a = 1) => calls.push(`fp ${pts(p)} ${c} ${a}`),
    strokePoly: (p, w, c, closed, a = 1) => calls.push(`sp ${pts(p)} ${w} ${c} ${closed} ${a}`),
    fillCircle: (x, y, r, c, a = 1) => calls.push(`fc ${n(x)} ${n(y)} ${n(r)} ${c} ${a}`),
    fillEllipse: (x, y, w, h, c, a = 1) => calls.push(`fe ${n(x)} ${n(y)} ${n(w)} ${n(h)} ${c} ${a}`),
  };
}
const drawing = (look: AvatarLook, mood = "neutral", intensity = "slight") => {
  const pen = recordingPen();
  drawAvatar(pen, look, poseOf(mood, intensity));
  return pen.calls.join("\n");
};

const INTENSITIES = ["slight", "moderate", "full"] as const;
const FEATURES = ["motion", "arms", "eyes", "brows", "mouth"] as const;

describe("avatar looks and mood art", () => {
  it("[AVL1] the body colours stay apart with normal and colour-blind vision (ΔE ≥ 12) and keep the face and the floor readable", () => {
    for (const [vision, matrix] of Object.entries(CVD)) {
      for (const a of BODY_COLORS) {
        for (const b of BODY_COLORS) {
          if (a >= b) continue;
          const [x, y] = [lab(BODY_COLOR_HEX[a], matrix), lab(BODY_COLOR_HEX[b], matrix)];
          const d = Math.hypot(x[0] - y[0], x[1] - y[1], x[2] - y[2]);
          assert.ok(d >= 12, `${vision}: ${a}/${b} ΔE ${d.toFixed(1)}`);
        }
      }
    }
    for (const c of BODY_COLORS) {
      assert.ok(contrast(BODY_COLOR_HEX[c], 0x1d2330) >= 4.5, `${c}: the dark face on it`);
      assert.ok(contrast(BODY_COLOR_HEX[c], 0x3b4a5e) >= 3, `${c}: on the floor`);
    }
  });

  it("[AVL2] at least 4 shapes and 4 accessories, each drawn differently; only the fixed values validate", () => {
    assert.ok(BODY_SHAPES.length >= 4);
    assert.ok(ACCESSORIES.filter((a) => a !== "none").length >= 4);
    const base = defaultLook("someone");
    const shapes = new Set(BODY_SHAPES.map((shape) => drawing({ ...base, shape })));
    assert.equal(shapes.size, BODY_SHAPES.length);
    const accessories = new Set(ACCESSORIES.map((accessory) => drawing({ ...base, accessory })));
    assert.equal(accessories.size, ACCESSORIES.length);
    assert.ok(AvatarLook.safeParse({ shape: "round", color: "amber", accessory: "hat" }).success);
    for (const bad of [{ shape: "blob", color: "amber", accessory: "hat" }, { shape: "round", color: "#fff", accessory: "hat" }, { shape: "round", color: "amber" }]) {
      assert.ok(!AvatarLook.safeParse(bad).success, JSON.stringify(bad));
    }
  });

  it("[AVL3] stored looks read safely: old {shape, accent} keeps its shape, unknown values fall back to the id's default", () => {
    const id = "user-42";
    const fallback = defaultLook(id);
    assert.deepEqual(lookFromStored(undefined, id), fallback);
    assert.deepEqual(lookFromStored({ shape: "square", accent: "gold" }, id), { ...fallback, shape: "square" });
    assert.deepEqual(lookFromStored({ shape: "<b>", color: "violet", accessory: "crown" }, id), { ...fallback, color: "violet" });
    // Different people get different default colours (not everyone the same).
    const colours = new Set(Array.from({ length: 40 }, (_, i) => defaultLook(`u${i}`).color));
    assert.ok(colours.size >= 6, `${colours.size} colours among 40 defaults`);
  });

  it("[AVL4] all 24 mood × intensity looks are distinct in their drawn parameters and drawings", () => {
    const keys = new Map<string, string>();
    const drawings = new Set<string>();
    for (const mood of LEGEND_ORDER) {
      for (const intensity of INTENSITIES) {
        const key = poseKey(poseOf(mood, intensity));
        assert.ok(!keys.has(key), `${intensity} ${mood} looks like ${keys.get(key)}`);
        keys.set(key, `${intensity} ${mood}`);
        drawings.add(drawing(defaultLook("x"), mood, intensity));
      }
    }
    assert.equal(keys.size, 24);
    assert.equal(drawings.size, 24, "24 different drawings");
  });

  it("[AVL5] at a glance: any two moods differ in at least 3 of motion, arms, eyes, brows and mouth; intensities differ in motion size and marks", () => {
    for (const a of LEGEND_ORDER) {
      for (const b of LEGEND_ORDER) {
        if (a >= b) continue;
        const [pa, pb] = [poseOf(a, "slight"), poseOf(b, "slight")];
        const differ = FEATURES.filter((f) => pa[f] !== pb[f]);
        assert.ok(differ.length >= 3, `${a}/${b} differ only in ${differ.join(", ")}`);
      }
      const [slight, moderate, full] = INTENSITIES.map((i) => poseOf(a, i));
      assert.deepEqual([slight!.marks.length, moderate!.marks.length, full!.marks.length], [0, 1, 2], `${a}: marks by intensity`);
      if (full!.amplitude > 0) assert.ok(full!.amplitude >= slight!.amplitude * 2, `${a}: full moves at least twice as much as slight`);
    }
    assert.equal(new Set(LEGEND_ORDER.map((m) => poseOf(m, "full").motion)).size, 8, "each mood has its own motion");
  });

  it("[AVL6] motions move: a bouncing body rises, a trembling one shakes sideways, a disdainful one stands still", () => {
    const range = (mood: string, axis: "dx" | "dy" | "rotation" | "stretch") => {
      const values = Array.from({ length: 120 }, (_, i) => motionFrame(poseOf(mood, "full"), i / 20)[axis]);
      return Math.max(...values) - Math.min(...values);
    };
    assert.ok(range("exuberant", "dy") > 5);
    assert.ok(range("anxious", "dx") > 2);
    assert.ok(range("dependent", "rotation") > 0.2);
    assert.ok(range("relaxed", "stretch") > 0.05);
    assert.equal(range("disdainful", "dy") + range("disdainful", "dx"), 0);
  });
});
