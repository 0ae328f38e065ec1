import { type Emote, TARGETED_EMOTES } from "#schema/messages/space.ts";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import type { SpaceContext } from "./context.ts";

/** `space:emote`: an expression for everyone to see; a targeted one moves both moods. */
export function emote(ctx: SpaceContext, message: Emote): void {
  const { room, client } = ctx;
  const target = message.target;
  if (target !== undefined) {
    if (!TARGETED_EMOTES.includes(message.emote)) {
      throw new DomainError(ErrorCode.BAD_INPUT, `${message.emote} cannot be aimed at someone`);
    }
    if (target === client.sessionId || !room.state.avatars.has(target)) {
      throw new DomainError(ErrorCode.NOT_FOUND, "no such avatar here");
    }
  }
  room.world.noteActivity(client.sessionId, ctx.now);
  if (target) room.keepInView(client.sessionId, target);
  room.broadcastEmote({ from: client.sessionId, emote: message.emote, ...(target ? { target } : {}) });
  room.mood.feel(client.sessionId, { kind: "emote-sent", emote: message.emote }, ctx.now);
  if (target) room.mood.feel(target, { kind: "emote-received", emote: message.emote }, ctx.now);
}
