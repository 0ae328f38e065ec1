import { EMOTES } from "#schema/messages/space.ts";

/** One screen of the first-visit guide: a title and a few short paragraphs (text only). */
export interface GuideStep {
  id: "moving" | "emotes" | "chat" | "moods";
  title: string;
  lines: string[];
}

const emoteKeys = EMOTES.map((emote, i) => `${i + 1} ${emote}`).join(", ");

/**
 * What a newcomer needs before the first minute is over (issue 12 feature 6), in the order
 * they meet it: walking, emotes (and aiming them), chat, what the mood look means. Kept
 * short: one idea per line, each step fits a phone screen without scrolling.
 */
export const GUIDE_STEPS: readonly GuideStep[] = [
  {
    id: "moving",
    title: "Walk around",
    lines: ["Click or tap a spot on the map to walk there; you find your way around the pool.", "Or use the arrow keys or W A S D. If the keys do nothing, click the map first.", "Beside a bench or the notice board, E or Space sits down, stands up or reads it."],
  },
  {
    id: "emotes",
    title: "Wave, hug, dance",
    lines: [
      `Press a number key or use the Emotes buttons in the side panel: ${emoteKeys}.`,
      "To aim one at someone, click or tap their avatar: its menu lets you wave at, hug or poke them, open their profile, follow or whisper.",
    ],
  },
  {
    id: "chat",
    title: "Chat",
    lines: [
      "Press Enter to open the chat line, type, and press Enter to send. Escape or a click on the map goes back to walking.",
      "Pick who hears you beside the line: Everyone in this space, or only people Nearby. A whisper (from someone's avatar menu) goes to that one person.",
    ],
  },
  {
    id: "moods",
    title: "Moods",
    lines: [
      "Everyone has a mood. The colour under an avatar and the sign before its name show which one; a stronger colour is a stronger mood. Faces and posture change with it.",
      "Emotes move moods, yours and the other person's, and moods drift back to where your personality rests. The mood legend in the side panel explains each one.",
    ],
  },
];
