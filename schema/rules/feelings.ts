/**
 * The words people see for feelings, shared by server and client. The engine thinks in
 * OCC emotion names (Ortony, Clore & Collins 1988) and Mehrabian's PAD octants; people
 * read plain words. One mapping, so no screen can show "gratification" or "gloating".
 */

/** Every OCC emotion the engine knows, with the plain word shown for it. */
export const EMOTION_WORDS = {
  joy: "happy",
  distress: "sad",
  anger: "angry",
  fear: "scared",
  pride: "proud",
  shame: "ashamed",
  gratitude: "thankful",
  relief: "relieved",
  admiration: "impressed",
  reproach: "annoyed",
  liking: "fond",
  disliking: "put off",
  hope: "hopeful",
  disappointment: "let down",
  gloating: "smug",
  pity: "sorry for them",
  resentment: "resentful",
  "happy-for": "glad for them",
  satisfaction: "satisfied",
  "fears-confirmed": "dismayed",
  remorse: "sorry",
  gratification: "delighted",
} as const;

export type EmotionName = keyof typeof EMOTION_WORDS;

/** Mehrabian's eight PAD octants, plus the neutral region around the origin. */
export const OCTANTS = ["exuberant", "dependent", "relaxed", "docile", "bored", "disdainful", "anxious", "hostile"] as const;
export type Octant = (typeof OCTANTS)[number];
export const NEUTRAL = "neutral";
export type MoodName = Octant | typeof NEUTRAL;
export const MOOD_INTENSITIES = ["slight", "moderate", "full"] as const;
export type MoodIntensity = (typeof MOOD_INTENSITIES)[number];

/** The plain word for an expression; an unknown name shows nothing rather than jargon. */
export function emotionWord(emotion: string): string {
  return Object.hasOwn(EMOTION_WORDS, emotion) ? EMOTION_WORDS[emotion as EmotionName] : "";
}

/** A mood as a short phrase: "neutral", "slightly relaxed", "very anxious". */
export function moodWords(mood: string, intensity: string): string {
  if (mood === NEUTRAL || !(OCTANTS as readonly string[]).includes(mood)) return NEUTRAL;
  const how = intensity === "full" ? "very " : intensity === "moderate" ? "" : "slightly ";
  return `${how}${mood}`;
}

/**
 * How much a group's moods agree, from their spread (the root-mean-square distance of each
 * mood from the mean, 0..√3). Below 0.3 people are in about the same place of an octant;
 * above 0.7 they sit in opposite octants.
 */
export function agreementWord(spread: number): "agreeing" | "mixed" | "divided" {
  if (!(spread >= 0.3)) return "agreeing";
  return spread < 0.7 ? "mixed" : "divided";
}
