import type { EmotionName } from "./types.ts";

export type EmoteKind = "wave" | "laugh" | "cheer" | "hug" | "cry" | "dance" | "poke";

/** Things that happen to someone in the world and move their feelings. */
export type WorldEvent =
  | { kind: "emote-sent"; emote: EmoteKind }
  | { kind: "emote-received"; emote: EmoteKind }
  | { kind: "chat-sent" }
  | { kind: "chat-heard" }
  | { kind: "ignored" }
  | { kind: "like-received" }
  | { kind: "post-received" };

type Impulse = { emotion: EmotionName; intensity: number };

/** What sending each emote feels like (the sender expresses it). */
const SENT: Record<EmoteKind, Impulse[]> = {
  wave: [{ emotion: "joy", intensity: 0.3 }],
  laugh: [{ emotion: "joy", intensity: 0.6 }],
  cheer: [
    { emotion: "pride", intensity: 0.4 },
    { emotion: "joy", intensity: 0.4 },
  ],
  hug: [{ emotion: "liking", intensity: 0.5 }],
  cry: [{ emotion: "distress", intensity: 0.7 }],
  dance: [{ emotion: "gratification", intensity: 0.5 }],
  poke: [{ emotion: "gloating", intensity: 0.3 }],
};

/** What receiving a targeted emote feels like. */
const RECEIVED: Record<EmoteKind, Impulse[]> = {
  wave: [{ emotion: "joy", intensity: 0.3 }],
  laugh: [{ emotion: "happy-for", intensity: 0.3 }],
  cheer: [{ emotion: "gratitude", intensity: 0.4 }],
  hug: [
    { emotion: "gratitude", intensity: 0.5 },
    { emotion: "liking", intensity: 0.3 },
  ],
  cry: [{ emotion: "pity", intensity: 0.4 }],
  dance: [{ emotion: "happy-for", intensity: 0.4 }],
  poke: [{ emotion: "reproach", intensity: 0.3 }],
};

/** The impulses an event gives the person it happens to. */
export function eventImpulses(event: WorldEvent): Impulse[] {
  switch (event.kind) {
    case "emote-sent":
      return SENT[event.emote];
    case "emote-received":
      return RECEIVED[event.emote];
    case "chat-sent":
      return [{ emotion: "joy", intensity: 0.1 }];
    case "chat-heard":
      return [{ emotion: "liking", intensity: 0.05 }];
    case "ignored":
      return [
        { emotion: "distress", intensity: 0.3 },
        { emotion: "resentment", intensity: 0.2 },
      ];
    case "like-received":
      return [{ emotion: "gratification", intensity: 0.4 }];
    case "post-received":
      return [
        { emotion: "joy", intensity: 0.4 },
        { emotion: "pride", intensity: 0.2 },
      ];
  }
}
