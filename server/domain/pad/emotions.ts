import type { EmotionName, PAD } from "./types.ts";

/**
 * OCC emotions as PAD vectors, from Gebhard, "ALMA – A Layered Model of Affect" (AAMAS
 * 2005), Table 2 (itself after Mehrabian's mapping of emotion words). Ports disagree on
 * a few rows: some list liking/love as (.40, .16, −.24) and others (.40, .20, .10); some
 * give pity (−.40, −.20, −.50) identical to distress and others (−.4, −.2, −.4). We keep
 * the values as printed in the ALMA paper.
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
