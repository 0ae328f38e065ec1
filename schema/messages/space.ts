import { z } from "zod";
import { RequestId } from "./common.ts";

/** Largest coordinate any map may have; maps clamp further to their own bounds. */
export const MAX_COORD = 100_000;

/** `space:move`: walk toward a point. The server moves the avatar; the client never places it. */
export const Move = z.strictObject({
  x: z.number().finite().min(-MAX_COORD).max(MAX_COORD),
  y: z.number().finite().min(-MAX_COORD).max(MAX_COORD),
  requestId: RequestId,
});
export type Move = z.infer<typeof Move>;

/** Options a client sends to join a space. Who joins comes from the session, never from options. */
export const SpaceJoinOptions = z.object({
  protocol: z.number().int(),
  map: z.string().max(32).optional(),
});
export type SpaceJoinOptions = z.infer<typeof SpaceJoinOptions>;
