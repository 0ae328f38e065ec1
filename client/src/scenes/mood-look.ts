/**
 * How a mood looks. One look per PAD octant (aura colour, idle bob, posture lean) and
 * per intensity (aura strength), plus continuous cues from the raw PAD values: the
 * mouth curves with pleasure, the eyes open and the idle speeds up with arousal, the
 * body grows and straightens with dominance. Pure data and maths: no Phaser here.
 */
export interface OctantLook {
  aura: number;
  /** A glyph beside the name tag, so the mood reads without telling colours apart. */
  icon: string;
  /** What the mood means, in plain words (the legend). */
  meaning: string;
  /** Idle bob in px at full intensity. */
  bob: number;
  /** Forward lean in radians (negative leans back). */
  lean: number;
}

/**
 * Colours from the Okabe–Ito set (told apart with the common kinds of colour blindness),
 * each with its own icon and posture, so no mood depends on colour alone. Your own ring
 * is white, a colour no mood uses.
 */
export const OCTANT_LOOKS: Record<string, OctantLook> = {
  exuberant: { aura: 0xe69f00, icon: "☀", meaning: "cheerful, lively, in charge", bob: 5, lean: 0.06 },
  dependent: { aura: 0xcc79a7, icon: "♡", meaning: "happy and lively, leaning on others", bob: 3, lean: 0.1 },
  relaxed: { aura: 0x009e73, icon: "≈", meaning: "content, calm, at ease", bob: 1.5, lean: -0.05 },
  docile: { aura: 0x56b4e9, icon: "○", meaning: "pleased, calm, going along", bob: 1, lean: 0.04 },
  bored: { aura: 0x505058, icon: "–", meaning: "low, slow, withdrawn", bob: 0.5, lean: 0.14 },
  disdainful: { aura: 0x0072b2, icon: "▾", meaning: "unhappy, cool, aloof", bob: 1, lean: -0.1 },
  anxious: { aura: 0xf0e442, icon: "!", meaning: "unhappy, tense, unsure", bob: 4, lean: 0.12 },
  hostile: { aura: 0xd55e00, icon: "✕", meaning: "unhappy, worked up, pushing back", bob: 3, lean: -0.04 },
  /** Near the resting point: no aura to speak of, an easy stance. */
  neutral: { aura: 0xd8dde6, icon: "", meaning: "at rest", bob: 1.5, lean: 0 },
};

/** The eight moods in legend order. */
export const LEGEND_ORDER = ["exuberant", "dependent", "relaxed", "docile", "bored", "disdainful", "anxious", "hostile"] as const;

/** Whether text on the mood's colour should be light (dark swatches: bored, disdainful). */
export function needsLightText(mood: string): boolean {
  const hex = (OCTANT_LOOKS[mood] ?? (OCTANT_LOOKS.neutral as OctantLook)).aura;
  const lum = 0.2126 * ((hex >> 16) & 255) + 0.7152 * ((hex >> 8) & 255) + 0.0722 * (hex & 255);
  return lum < 110;
}

/** A CSS colour for a mood's aura (the legend's swatches). */
export function auraCss(mood: string): string {
  const look = OCTANT_LOOKS[mood] ?? (OCTANT_LOOKS.neutral as OctantLook);
  return `#${look.aura.toString(16).padStart(6, "0")}`;
}

/** Stronger than before: a slight aura must still show on any floor. */
const INTENSITY_ALPHA: Record<string, number> = { slight: 0.4, moderate: 0.6, full: 0.85 };

export interface LookInput {
  p: number;
  a: number;
  d: number;
  mood: string;
  moodIntensity: string;
}

export interface Look {
  aura: number;
  icon: string;
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
    icon: octant.icon,
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
