/**
 * How a mood looks. One look per PAD octant (aura colour, idle bob, posture lean) and
 * per intensity (aura strength), plus continuous cues from the raw PAD values: the
 * mouth curves with pleasure, the eyes open and the idle speeds up with arousal, the
 * body grows and straightens with dominance. Pure data and maths: no Phaser here.
 */
export interface OctantLook {
  aura: number;
  /** Idle bob in px at full intensity. */
  bob: number;
  /** Forward lean in radians (negative leans back). */
  lean: number;
}

export const OCTANT_LOOKS: Record<string, OctantLook> = {
  exuberant: { aura: 0xffd84a, bob: 5, lean: 0.06 },
  dependent: { aura: 0xff9ecb, bob: 3, lean: 0.1 },
  relaxed: { aura: 0x7fe0a8, bob: 1.5, lean: -0.05 },
  docile: { aura: 0xa8c8ff, bob: 1, lean: 0.04 },
  bored: { aura: 0x8c8c9c, bob: 0.5, lean: 0.14 },
  disdainful: { aura: 0x9a7fd9, bob: 1, lean: -0.1 },
  anxious: { aura: 0xff8a4a, bob: 4, lean: 0.12 },
  hostile: { aura: 0xff4a4a, bob: 3, lean: -0.04 },
  /** Near the resting point: no aura to speak of, an easy stance. */
  neutral: { aura: 0xd8dde6, bob: 1.5, lean: 0 },
};

const INTENSITY_ALPHA: Record<string, number> = { slight: 0.25, moderate: 0.45, full: 0.7 };

export interface LookInput {
  p: number;
  a: number;
  d: number;
  mood: string;
  moodIntensity: string;
}

export interface Look {
  aura: number;
  auraAlpha: number;
  bobPx: number;
  bobHz: number;
  lean: number;
  scale: number;
  /** -1 frown … +1 smile. */
  mouthCurve: number;
  /** Eye height in px. */
  eyeOpen: number;
}

export function lookOf(m: LookInput): Look {
  const octant = OCTANT_LOOKS[m.mood] ?? (OCTANT_LOOKS.neutral as OctantLook);
  const alpha = m.mood === "neutral" ? 0.12 : (INTENSITY_ALPHA[m.moodIntensity] ?? 0.25);
  const arousal = (clamp(m.a) + 1) / 2;
  return {
    aura: octant.aura,
    auraAlpha: alpha,
    bobPx: octant.bob * (0.5 + alpha),
    bobHz: 0.5 + 2 * arousal,
    lean: octant.lean,
    scale: 0.88 + 0.24 * ((clamp(m.d) + 1) / 2),
    mouthCurve: clamp(m.p),
    eyeOpen: 1.2 + 3.3 * arousal,
  };
}

function clamp(x: number): number {
  return Math.max(-1, Math.min(1, Number.isFinite(x) ? x : 0));
}

/** A short glyph shown with an expression (drawn as text, never HTML). */
export const EXPRESSION_GLYPHS: Record<string, string> = {
  joy: "☺",
  gratification: "★",
  pride: "✦",
  liking: "♥",
  gratitude: "♥",
  "happy-for": "☺",
  distress: "☂",
  pity: "☁",
  reproach: "!",
  gloating: "☻",
  resentment: "…",
  hope: "?",
};
