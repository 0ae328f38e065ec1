import { CHAT_NEARBY_RADIUS, type Chat } from "#schema/messages/space.ts";
import { isKept } from "../../domain/space/chat-history.ts";
import { chatLine } from "./chat-line.ts";
import type { SpaceContext } from "./context.ts";

/** Avatars within this distance (px) "hear" a chat line, which feeds their mood. */
export const HEARING_RADIUS = 256;

/**
 * `space:chat`: a line for the whole space, or (scope "nearby") only for the avatars within
 * CHAT_NEARBY_RADIUS of the speaker now, the speaker included. The text arrives cleaned by
 * the schema. A "space" line is stored before anyone sees it (write-through: whoever
 * receives it and reloads finds it in the history); a nearby one is never stored.
 */
export async function chat(ctx: SpaceContext, message: Chat): Promise<void> {
  const { room, client } = ctx;
  const speaker = room.state.avatars.get(client.sessionId);
  if (!speaker) return;
  const scope = message.scope ?? "space";
  room.world.noteActivity(client.sessionId, ctx.now);
  const line = chatLine(ctx, speaker, message.text, scope);
  const distanceTo = (o: { x: number; y: number }) => Math.hypot(o.x - speaker.x, o.y - speaker.y);
  const present = room.world.positions();
  const to = scope === "space" ? "everyone" : present.filter((o) => distanceTo(o) <= CHAT_NEARBY_RADIUS).map((o) => o.sessionId);
  const sent = room.postChat(line, to, { keep: isKept(line) });
  room.mood.feel(client.sessionId, { kind: "chat-sent" }, ctx.now);
  for (const other of present) {
    if (other.sessionId !== client.sessionId && distanceTo(other) <= HEARING_RADIUS) {
      room.mood.feel(other.sessionId, { kind: "chat-heard" }, ctx.now);
    }
  }
  await sent;
}
