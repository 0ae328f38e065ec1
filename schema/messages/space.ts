import { z } from "zod";
import { MAX_OBJECT_WIDTH } from "../maps/objects.ts";
import { BigFive } from "../rules/personality.ts";
import { cleanText } from "../rules/text.ts";
import { RequestId } from "./common.ts";

/** Largest coordinate any map may have; maps clamp further to their own bounds. */
export const MAX_COORD = 100_000;
export const CHAT_MAX = 200;

const Coord = z.number().finite().min(-MAX_COORD).max(MAX_COORD);
/** Client clock (ms) echoed back in the avatar's state, for latency measurement. */
const InputTs = z.number().finite().min(0).max(1e15).optional();

/** `space:move`: walk toward a point. The server moves the avatar; the client never places it. */
export const Move = z.strictObject({ x: Coord, y: Coord, ts: InputTs, requestId: RequestId });
export type Move = z.infer<typeof Move>;

/** `space:walk`: keep walking in a direction (keys); `{dx: 0, dy: 0}` stops. */
export const Walk = z.strictObject({
  dx: z.number().finite().min(-1).max(1),
  dy: z.number().finite().min(-1).max(1),
  ts: InputTs,
  requestId: RequestId,
});
export type Walk = z.infer<typeof Walk>;

/** Who hears a chat line: everyone in the space, only those near the speaker, or one person. */
export const CHAT_SCOPES = ["space", "nearby", "whisper"] as const;
export type ChatScope = (typeof CHAT_SCOPES)[number];
/** "nearby" reaches avatars within this distance (px) of the speaker when the line is sent (8 tiles of 32 px). */
export const CHAT_NEARBY_RADIUS = 256;
/** How many recent "space" lines a space keeps and hands to each joiner. */
export const CHAT_HISTORY_MAX = 100;

/** Chat text: cleaned (NFKC, no control or bidi characters), 1..200 characters. */
const ChatText = z
  .string()
  .max(CHAT_MAX * 4)
  .transform(cleanText)
  .pipe(z.string().min(1, "say something").max(CHAT_MAX, `at most ${CHAT_MAX} characters`));

/** `space:chat`: a line for the whole space (default) or only for those nearby; shown as a bubble and in the chat panel. */
export const Chat = z.strictObject({
  text: ChatText,
  scope: z.enum(["space", "nearby"]).optional(),
  requestId: RequestId,
});
export type Chat = z.infer<typeof Chat>;

/** `space:whisper`: a line only `to` (an avatar's session id in the same space) and the sender see; never stored. */
export const Whisper = z.strictObject({
  to: z.string().min(1).max(64),
  text: ChatText,
  requestId: RequestId,
});
export type Whisper = z.infer<typeof Whisper>;

export const EMOTES = ["wave", "laugh", "cheer", "hug", "cry", "dance", "poke"] as const;
export type EmoteName = (typeof EMOTES)[number];
/** Emotes that may name someone; they affect both the sender and the target. */
export const TARGETED_EMOTES: readonly EmoteName[] = ["hug", "poke", "wave"];

/** `space:emote`: an expression, optionally aimed at another avatar (by its session id). */
export const Emote = z.strictObject({
  emote: z.enum(EMOTES),
  target: z.string().min(1).max(64).optional(),
  requestId: RequestId,
});
export type Emote = z.infer<typeof Emote>;

/** `space:sit`: sit on seat `seat` (0 = the bench's leftmost tile) of bench `bench` (an object id of the map). */
export const Sit = z.strictObject({
  bench: z.string().min(1).max(32),
  seat: z.number().int().min(0).max(MAX_OBJECT_WIDTH - 1),
  requestId: RequestId,
});
export type Sit = z.infer<typeof Sit>;

/** `space:stand`: stand up where one sat down from (no-op when standing). */
export const Stand = z.strictObject({ requestId: RequestId });
export type Stand = z.infer<typeof Stand>;

/** `space:personality`: Big Five sliders in [-1, 1] (0 = average); sets the mood's resting point. */
export const Personality = BigFive.extend({ requestId: RequestId });
export type Personality = z.infer<typeof Personality>;
/** The traits without the request id: the shape in `#schema/rules/personality.ts`. */
export type BigFiveInput = BigFive;

/** Options a client sends to join a space. Who joins comes from the session, never from options. */
export const SpaceJoinOptions = z.object({
  protocol: z.number().int(),
  map: z.string().max(32).optional(),
});
export type SpaceJoinOptions = z.infer<typeof SpaceJoinOptions>;

/** One chat line as the panel lists it (history lines and live ones alike). */
export interface ChatLine {
  id: string;
  userId: string;
  /** The speaker's display name when they spoke. */
  name: string;
  text: string;
  /** Server time (ms since the epoch). */
  at: number;
  scope: ChatScope;
}

/** Server→client `space:chat`: a live line, to those the scope reaches. */
export interface ChatBroadcast extends ChatLine {
  /** The speaker's avatar (its bubble); history lines have none. */
  sessionId: string;
  /** A whisper's recipient (sent to that person and echoed to the sender only). */
  to?: { sessionId: string; name: string };
}

/** Server→client `space:personality`, once on join: the traits stored on the account (the sliders start there). */
export interface YourPersonality {
  traits: BigFiveInput;
}

/** Server→client `space:history`, once on join: the space's recent "space" lines, oldest first. */
export interface ChatHistory {
  lines: ChatLine[];
}

export interface EmoteBroadcast {
  from: string;
  emote: EmoteName;
  target?: string;
}
