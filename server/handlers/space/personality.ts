import type { Personality } from "#schema/messages/space.ts";
import type { Actor } from "../../auth/types.ts";
import type { SpaceContext } from "./context.ts";

/** `space:personality`: the Big Five sliders set where the mood rests; stored for next time. */
export async function personality(ctx: SpaceContext, message: Personality): Promise<void> {
  const { requestId: _, ...bigFive } = message;
  ctx.room.mood.setPersonality(ctx.client.sessionId, bigFive);
  await ctx.room.savePersonality((ctx.client.auth as Actor).userId, bigFive);
}
