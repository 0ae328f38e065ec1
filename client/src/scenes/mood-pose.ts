/**
 * How each mood is drawn (issue 12, feature 5): for every octant a body language of its own
 * (a motion, arms, eyes, brows, a mouth), scaled by intensity, with marks (sparkles, sweat,
 * steam…) that appear as the mood strengthens. So the eight moods and three intensities
 * tell apart by posture, motion and face, not by the aura's colour alone. Pure data and
 * maths: the drawing is in avatar-art.ts, the legend reads the words here.
 */

/** How the whole body moves while the mood lasts. */
export type MotionKind = "bounce" | "sway" | "breathe" | "nod" | "slump" | "still" | "tremble" | "stomp" | "rest";
export type Arms = "up" | "reach" | "behind" | "clasped" | "hanging" | "crossed" | "hugging" | "fists" | "down";
export type Eyes = "happy" | "wide" | "content" | "soft" | "heavy" | "narrow" | "startled" | "glare" | "open";
export type Brows = "raised" | "pleading" | "none" | "relaxed" | "flat" | "arched" | "worried" | "angry";
export type Mouth = "grin" | "smile" | "soft" | "small" | "flat" | "smirk" | "wobbly" | "snarl" | "neutral";
export type Mark = "sparkle" | "heart" | "note" | "flower" | "zzz" | "hmph" | "sweat" | "steam" | "shine" | "tear" | "bolt" | "dots";

export interface Pose {
  motion: MotionKind;
  /** Motion size in px (bounce height, slump depth, tremble width…). */
  amplitude: number;
  /** Motion cycles per second. */
  hz: number;
  /** Forward lean in radians (negative leans back). */
  lean: number;
  /** Vertical squash of the body, 1 = upright (a slumped body is shorter and wider). */
  squash: number;
  arms: Arms;
  eyes: Eyes;
  brows: Brows;
  mouth: Mouth;
  /** Marks around the head, more as the mood strengthens (none when slight). */
  marks: readonly Mark[];
}

interface OctantPose {
  motion: MotionKind;
  /** Amplitude at full intensity. */
  amplitude: number;
  hz: number;
  lean: number;
  /** Squash at full intensity (slight moods are nearer upright). */
  squash: number;
  arms: Arms;
  eyes: Eyes;
  brows: Brows;
  mouth: Mouth;
  /** The mood's mark: one at moderate, both at full. */
  marks: readonly [Mark, Mark];
  /** The body language in words, for the legend. */
  words: string;
}

export const OCTANT_POSES: Record<string, OctantPose> = {
  exuberant: { motion: "bounce", amplitude: 7, hz: 2.2, lean: 0, squash: 1.06, arms: "up", eyes: "happy", brows: "raised", mouth: "grin", marks: ["sparkle", "shine"], words: "bounces with arms up and a big grin" },
  dependent: { motion: "sway", amplitude: 0.16, hz: 1.1, lean: 0.08, squash: 1, arms: "reach", eyes: "wide", brows: "pleading", mouth: "smile", marks: ["heart", "heart"], words: "sways side to side, arms reaching out, eyes wide" },
  relaxed: { motion: "breathe", amplitude: 0.05, hz: 0.35, lean: -0.12, squash: 0.98, arms: "behind", eyes: "content", brows: "relaxed", mouth: "soft", marks: ["note", "flower"], words: "leans back, breathes slowly, eyes closed in a soft smile" },
  docile: { motion: "nod", amplitude: 0.12, hz: 0.6, lean: 0.1, squash: 0.97, arms: "clasped", eyes: "soft", brows: "none", mouth: "small", marks: ["dots", "flower"], words: "nods along, hands together, head tilted" },
  bored: { motion: "slump", amplitude: 4, hz: 0.25, lean: 0.22, squash: 0.84, arms: "hanging", eyes: "heavy", brows: "flat", mouth: "flat", marks: ["zzz", "dots"], words: "slumps and sinks, arms hanging, heavy eyelids" },
  disdainful: { motion: "still", amplitude: 0, hz: 0, lean: -0.2, squash: 1.08, arms: "crossed", eyes: "narrow", brows: "arched", mouth: "smirk", marks: ["hmph", "hmph"], words: "stands stiff and tall, leaning back, arms crossed, one brow up" },
  anxious: { motion: "tremble", amplitude: 2.2, hz: 9, lean: 0.06, squash: 0.9, arms: "hugging", eyes: "startled", brows: "worried", mouth: "wobbly", marks: ["sweat", "tear"], words: "trembles, shrinks and hugs itself, eyes wide, brows worried" },
  hostile: { motion: "stomp", amplitude: 4, hz: 1.6, lean: 0.18, squash: 0.96, arms: "fists", eyes: "glare", brows: "angry", mouth: "snarl", marks: ["steam", "bolt"], words: "leans in and stomps, fists out, glaring" },
  neutral: { motion: "rest", amplitude: 1, hz: 0.5, lean: 0, squash: 1, arms: "down", eyes: "open", brows: "none", mouth: "neutral", marks: ["dots", "dots"], words: "stands easy" },
};

/** How much of the full-intensity motion and squash each intensity shows. */
export const INTENSITY_SCALE: Record<string, number> = { slight: 0.4, moderate: 0.7, full: 1 };

/** What the intensities add, in words (the legend). */
export const INTENSITY_WORDS = {
  slight: "slight: the posture and face, gently",
  moderate: "moderate: a bigger motion and one mark by the head",
  full: "full: the biggest motion and two marks",
} as const;

export function poseOf(mood: string, intensity: string): Pose {
  const o = OCTANT_POSES[mood] ?? (OCTANT_POSES.neutral as OctantPose);
  if (mood === "neutral" || !OCTANT_POSES[mood]) {
    return { motion: o.motion, amplitude: o.amplitude, hz: o.hz, lean: 0, squash: 1, arms: o.arms, eyes: o.eyes, brows: o.brows, mouth: o.mouth, marks: [] };
  }
  const k = INTENSITY_SCALE[intensity] ?? (INTENSITY_SCALE.slight as number);
  const marks = intensity === "full" ? o.marks : intensity === "moderate" ? o.marks.slice(0, 1) : [];
  return {
    motion: o.motion,
    amplitude: o.amplitude * k,
    hz: o.hz * (0.75 + 0.25 * k),
    lean: o.lean * (0.5 + 0.5 * k),
    squash: 1 + (o.squash - 1) * k,
    arms: o.arms,
    eyes: o.eyes,
    brows: o.brows,
    mouth: o.mouth,
    marks,
  };
}

/** Where the body is at `seconds` in its motion: offsets in px, a tilt and a breath (scale). */
export interface MotionFrame {
  dx: number;
  dy: number;
  rotation: number;
  /** Extra vertical scale (a breath, a landing squash), 0 = none. */
  stretch: number;
}

export function motionFrame(pose: Pose, seconds: number): MotionFrame {
  const phase = seconds * pose.hz * Math.PI * 2;
  const a = pose.amplitude;
  switch (pose.motion) {
    case "bounce": {
      const up = Math.abs(Math.sin(phase / 2));
      return { dx: 0, dy: -up * a, rotation: 0, stretch: (up - 0.5) * 0.08 };
    }
    case "sway":
      return { dx: Math.sin(phase) * 2, dy: 0, rotation: Math.sin(phase) * a, stretch: 0 };
    case "breathe":
      return { dx: 0, dy: 0, rotation: 0, stretch: Math.sin(phase) * a };
    case "nod":
      return { dx: 0, dy: Math.max(0, Math.sin(phase)) * 1.5, rotation: Math.max(0, Math.sin(phase)) * a, stretch: 0 };
    case "slump":
      return { dx: 0, dy: (0.6 + 0.4 * Math.sin(phase)) * a, rotation: 0, stretch: -0.02 * Math.abs(Math.sin(phase)) };
    case "tremble":
      return { dx: Math.sin(phase) * a, dy: 0, rotation: Math.sin(phase * 1.3) * 0.03, stretch: 0 };
    case "stomp": {
      // A sharp rise and a hard landing, once a cycle.
      const t = (seconds * pose.hz) % 1;
      const up = t < 0.25 ? Math.sin((t / 0.25) * Math.PI) : 0;
      return { dx: 0, dy: -up * a, rotation: 0, stretch: t > 0.25 && t < 0.35 ? -0.06 : 0 };
    }
    case "rest":
      return { dx: 0, dy: Math.sin(phase) * a * 0.5, rotation: 0, stretch: 0 };
    default:
      return { dx: 0, dy: 0, rotation: 0, stretch: 0 };
  }
}

/** A compact signature of everything the pose draws (tests compare these; the figure redraws when it changes). */
export function poseKey(p: Pose): string {
  return [p.motion, p.amplitude.toFixed(2), p.hz.toFixed(2), p.lean.toFixed(3), p.squash.toFixed(3), p.arms, p.eyes, p.brows, p.mouth, p.marks.join("+")].join("|");
}
