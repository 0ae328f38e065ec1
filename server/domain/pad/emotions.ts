import type { EmotionName, PAD } from "./types.ts";

/**
 * OCC emotions (Ortony, Clore & Collins 1988) as PAD vectors, from Gebhard, "ALMA – A
 * Layered Model of Affect" (AAMAS 2005), Table 2, itself derived from Mehrabian's PAD
 * ratings of emotion words (anger and fear are Mehrabian's "angry" and "fearful").
 *
 * Ports disagree on a few rows; we keep the values below (the ALMA table as our spec
 * quotes it) and note the disagreements so nobody "fixes" them from one port:
 * - Liking (.40, .16, −.24) and disliking (−.40, .20, .10). Berov's Jason port
 *   (jason.asSemantics.Emotion) and other Java ports carry love (.30, .10, .20) and hate
 *   (−.60, .60, .30) instead. We keep the milder liking/disliking pair: it suits
 *   strangers meeting in a room.
 * - The same Jason port has typos worth not copying: fear with A = −.60 (ALMA: +.60) and
 *   admiration with D = −0 (ALMA: −.20); another Java port has remorse with D = +.60
 *   (ALMA: −.60, the same vector as shame).
 * - Pity equals distress (−.40, −.20, −.50) in ALMA; it is not a copy-paste slip here.
 */
export const EMOTIONS: Readonly<Record<EmotionName, PAD>> = {
  joy: { p: 0.4, a: 0.2, d: 0.1 },
  distress: { p: -0.4, a: -0.2, d: -0.5 },
  anger: { p: -0.51, a: 0.59, d: 0.25 },
  fear: { p: -0.64, a: 0.6, d: -0.43 },
  pride: { p: 0.4, a: 0.3, d: 0.3 },
  shame: { p: -0.3, a: 0.1, d: -0.6 },
  gratitude: { p: 0.4, a: 0.2, d: -0.3 },
  relief: { p: 0.2, a: -0.3, d: 0.4 },
  admiration: { p: 0.5, a: 0.3, d: -0.2 },
  reproach: { p: -0.3, a: -0.1, d: 0.4 },
  liking: { p: 0.4, a: 0.16, d: -0.24 },
  disliking: { p: -0.4, a: 0.2, d: 0.1 },
  hope: { p: 0.2, a: 0.2, d: -0.1 },
  disappointment: { p: -0.3, a: 0.1, d: -0.4 },
  gloating: { p: 0.3, a: -0.3, d: -0.1 },
  pity: { p: -0.4, a: -0.2, d: -0.5 },
  resentment: { p: -0.2, a: -0.3, d: -0.2 },
  "happy-for": { p: 0.4, a: 0.2, d: 0.2 },
  satisfaction: { p: 0.3, a: -0.2, d: 0.4 },
  "fears-confirmed": { p: -0.5, a: -0.3, d: -0.7 },
  remorse: { p: -0.3, a: 0.1, d: -0.6 },
  gratification: { p: 0.6, a: 0.5, d: 0.4 },
};

export const EMOTION_NAMES = Object.keys(EMOTIONS) as EmotionName[];
