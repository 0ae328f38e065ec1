import type { Chat } from "#schema/messages/space.ts";
import type { SpaceContext } from "./context.ts";

/** Avatars within this distance (px) "hear" a chat line, which feeds their mood. */
export const HEARING_RADIUS = 256;

/** `space:chat`: a bubble for everyone in the space; the text arrives cleaned by the schema. */
export function chat(ctx: SpaceContext, message: Chat): void {
  const { room, client } = ctx;
  const speaker = room.state.avatars.get(client.sessionId);
  if (!speaker) return;
  room.broadcastChat({ sessionId: client.sessionId, name: speaker.name, text: message.text, at: ctx.now });
  room.mood.feel(client.sessionId, { kind: "chat-sent" }, ctx.now);
  for (const other of room.world.positions()) {
    if (other.sessionId === client.sessionId) continue;
    if (Math.hypot(other.x - speaker.x, other.y - speaker.y) <= HEARING_RADIUS) {
      room.mood.feel(other.sessionId, { kind: "chat-heard" }, ctx.now);
    }
  }
}
