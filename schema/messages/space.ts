import { z } from "zod";
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

/** `space:chat`: a bubble over the avatar. Cleaned (NFKC, no control or bidi characters), 1..200 characters. */
export const Chat = z.strictObject({
  text: z
    .string()
    .max(CHAT_MAX * 4)
    .transform(cleanText)
    .pipe(z.string().min(1, "say something").max(CHAT_MAX, `at most ${CHAT_MAX} characters`)),
  requestId: RequestId,
});
export type Chat = z.infer<typeof Chat>;

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

/** Server→client broadcasts. */
export interface ChatBroadcast {
  sessionId: string;
  name: string;
  text: string;
  at: number;
}

export interface EmoteBroadcast {
  from: string;
  emote: EmoteName;
  target?: string;
}
