import type { EmotionName } from "./types.ts";

export type EmoteKind = "wave" | "laugh" | "cheer" | "hug" | "cry" | "dance" | "poke";

/**
 * Things that happen to one avatar and move its feelings: every impulse they give is for
 * that avatar ("self"). This is what rooms deliver to a single avatar.
 */
export type WorldEvent =
  | { kind: "emote-sent"; emote: EmoteKind }
  | { kind: "emote-received"; emote: EmoteKind }
  | { kind: "chat-sent" }
  | { kind: "chat-heard" }
  | { kind: "ignored" }
  | { kind: "like-received" }
  | { kind: "post-received" }
  /** A Verse's tone reached while reading a Song (docs/SONG.md, SG46): the impulse as the author set it. */
  | { kind: "verse-tone"; emotion: EmotionName; intensity: number };

/** An emote seen from both ends: impulses for the sender ("self") and its target. */
export type PadEvent = WorldEvent | { kind: "emote"; emote: EmoteKind };

export interface EventImpulse {
  who: "self" | "target";
  emotion: EmotionName;
  intensity: number;
}

type Felt = Omit<EventImpulse, "who">;

/**
 * What sending each emote feels like, in OCC terms (Ortony, Clore & Collins 1988), chosen
 * for how people use the emote (docs/MOOD.md, PAD19); the first row is the expression
 * others see, in plain words from schema/rules/feelings.ts. Intensities are design
 * choices: one emote nudges a mood, a few move it (PAD10).
 * - wave: a greeting, glad to see someone (joy, "happy");
 * - laugh: having fun (joy, "happy");
 * - cheer: celebrating (joy, "happy") with a little self-praise (pride);
 * - hug: affection (liking, "fond");
 * - cry: sadness (distress, "sad");
 * - dance: lively delight (gratification, "delighted": ALMA's most aroused positive row);
 * - poke: a playful "hey, look at me" hoping for a reply (hope, "hopeful"). It used to be
 *   gloating, which is enjoying someone's misfortune and made the poker calm and submissive.
 */
const SENT: Record<EmoteKind, Felt[]> = {
  wave: [{ emotion: "joy", intensity: 0.3 }],
  laugh: [{ emotion: "joy", intensity: 0.6 }],
  cheer: [
    { emotion: "joy", intensity: 0.4 },
    { emotion: "pride", intensity: 0.3 },
  ],
  hug: [{ emotion: "liking", intensity: 0.5 }],
  cry: [{ emotion: "distress", intensity: 0.7 }],
  dance: [{ emotion: "gratification", intensity: 0.5 }],
  poke: [{ emotion: "hope", intensity: 0.3 }],
};

/**
 * What receiving a targeted emote feels like (only wave, hug and poke can be aimed; the
 * others are listed so the table is total): being greeted warms you to the greeter
 * (liking, "fond"); a hug is a kindness received (gratitude, "thankful") from someone you
 * like; a poke is a small intrusion (reproach, "annoyed"), mild on purpose; being cheered
 * for makes you proud; seeing someone laugh or dance at you is being glad for them; being
 * cried at is feeling sorry for them.
 */
const RECEIVED: Record<EmoteKind, Felt[]> = {
  wave: [{ emotion: "liking", intensity: 0.3 }],
  laugh: [{ emotion: "happy-for", intensity: 0.3 }],
  cheer: [{ emotion: "pride", intensity: 0.4 }],
  hug: [
    { emotion: "gratitude", intensity: 0.5 },
    { emotion: "liking", intensity: 0.3 },
  ],
  cry: [{ emotion: "pity", intensity: 0.4 }],
  dance: [{ emotion: "happy-for", intensity: 0.4 }],
  poke: [{ emotion: "reproach", intensity: 0.2 }],
};

/** Everything else; the first row of each is the one a face shows. */
const OTHER: Record<Exclude<WorldEvent["kind"], "emote-sent" | "emote-received" | "verse-tone">, Felt[]> = {
  "chat-sent": [{ emotion: "joy", intensity: 0.1 }],
  "chat-heard": [{ emotion: "liking", intensity: 0.05 }],
  // Being left alone in company: an undesirable event (distress) blamed on others (resentment).
  ignored: [
    { emotion: "distress", intensity: 0.3 },
    { emotion: "resentment", intensity: 0.2 },
  ],
  "like-received": [{ emotion: "gratification", intensity: 0.4 }],
  "post-received": [
    { emotion: "joy", intensity: 0.4 },
    { emotion: "gratitude", intensity: 0.3 },
    { emotion: "pride", intensity: 0.2 },
  ],
};

const forWho = (who: EventImpulse["who"], rows: readonly Felt[]): EventImpulse[] => rows.map((r) => ({ who, ...r }));

/** The impulses an event gives, each marked with whom it is for. */
export function eventImpulses(event: PadEvent): EventImpulse[] {
  switch (event.kind) {
    case "emote":
      return [...forWho("self", SENT[event.emote]), ...forWho("target", RECEIVED[event.emote])];
    case "emote-sent":
      return forWho("self", SENT[event.emote]);
    case "emote-received":
      return forWho("self", RECEIVED[event.emote]);
    case "verse-tone":
      return [{ who: "self", emotion: event.emotion, intensity: Math.min(1, Math.max(0, event.intensity)) }];
    default:
      return forWho("self", OTHER[event.kind]);
  }
}
