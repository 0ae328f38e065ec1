import { randomUUID } from "node:crypto";
import type { ChatBroadcast } from "#schema/messages/space.ts";
import type { SpaceContext } from "./context.ts";

/** A chat line as everyone who receives it sees it: a fresh id, the speaker, now. */
export function chatLine(
  ctx: SpaceContext,
  speaker: { userId: string; name: string },
  text: string,
  scope: ChatBroadcast["scope"],
  to?: ChatBroadcast["to"],
): ChatBroadcast {
  return { id: randomUUID(), sessionId: ctx.client.sessionId, userId: speaker.userId, name: speaker.name, text, at: ctx.now, scope, ...(to ? { to } : {}) };
}
