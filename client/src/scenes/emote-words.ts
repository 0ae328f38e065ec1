import type { EmoteName } from "#schema/messages/space.ts";

/**
 * What an emote reads as: the action, in plain words ("Maple hugs Juniper"), never the
 * emotion the engine files it under. Pure, shared by the scene, the live region and tests.
 */
const ALONE: Record<EmoteName, string> = {
  wave: "waves",
  laugh: "laughs",
  cheer: "cheers",
  hug: "hugs everyone",
  cry: "cries",
  dance: "dances",
  poke: "pokes the air",
};

const AIMED: Partial<Record<EmoteName, string>> = {
  wave: "waves at",
  hug: "hugs",
  poke: "pokes",
};

export function emoteSentence(emote: EmoteName, from: string, to?: string): string {
  const aimed = to ? AIMED[emote] : undefined;
  return aimed ? `${from} ${aimed} ${to}` : `${from} ${ALONE[emote]}`;
}

/** A short move an avatar makes: a hop, a wiggle, a sway, hearts rising, a droop. */
export type Motion = "hop" | "wiggle" | "sway" | "hearts" | "droop";

/** How the sender and (for aimed emotes) the target move. */
export function emoteMotions(emote: EmoteName): { sender: Motion; target: Motion } {
  switch (emote) {
    case "wave":
      return { sender: "wiggle", target: "hop" };
    case "hug":
      return { sender: "hearts", target: "hearts" };
    case "poke":
      return { sender: "hop", target: "wiggle" };
    case "dance":
      return { sender: "sway", target: "sway" };
    case "cry":
      return { sender: "droop", target: "droop" };
    default:
      return { sender: "hop", target: "hop" };
  }
}

/** The offset and turn of a motion `t` ms after it began (0 when done), and whether it is over. */
export function motionAt(motion: Motion, t: number): { dy: number; rotation: number; done: boolean } {
  const length = motion === "sway" ? 1_600 : 900;
  if (t < 0 || t >= length) return { dy: 0, rotation: 0, done: t >= length };
  const k = t / length;
  switch (motion) {
    case "hop":
      return { dy: -Math.abs(Math.sin(k * Math.PI * 2)) * 10, rotation: 0, done: false };
    case "wiggle":
      return { dy: 0, rotation: Math.sin(k * Math.PI * 6) * 0.25 * (1 - k), done: false };
    case "sway":
      return { dy: -Math.abs(Math.sin(k * Math.PI * 4)) * 4, rotation: Math.sin(k * Math.PI * 4) * 0.2, done: false };
    case "hearts":
      return { dy: -Math.sin(k * Math.PI) * 4, rotation: 0, done: false };
    case "droop":
      return { dy: Math.sin(k * Math.PI) * 4, rotation: Math.sin(k * Math.PI) * 0.12, done: false };
  }
}
