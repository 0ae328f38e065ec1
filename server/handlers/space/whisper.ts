import type { Whisper } from "#schema/messages/space.ts";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import { chatLine } from "./chat-line.ts";
import type { SpaceContext } from "./context.ts";

/**
 * `space:whisper`: a line for one avatar in this space (by its session id), echoed to the
 * sender and to nobody else. Never stored: a reload forgets it on both sides, and someone
 * whose connection is down (`reconnecting`) cannot be whispered to.
 */
export function whisper(ctx: SpaceContext, message: Whisper): Promise<void> {
  const { room, client } = ctx;
  const speaker = room.state.avatars.get(client.sessionId);
  if (!speaker) return Promise.resolve();
  if (message.to === client.sessionId) throw new DomainError(ErrorCode.BAD_INPUT, "you cannot whisper to yourself");
  const target = room.state.avatars.get(message.to);
  if (!target) throw new DomainError(ErrorCode.NOT_FOUND, "no such avatar here");
  // Their seat is held but their socket is down: the line would reach only the sender, and
  // whispers are never stored, so it would be lost while looking delivered.
  if (target.reconnecting) throw new DomainError(ErrorCode.CONFLICT, `${target.name} is reconnecting: try again in a moment`);
  room.world.noteActivity(client.sessionId, ctx.now);
  room.keepInView(client.sessionId, message.to);
  return room.postChat(
    chatLine(ctx, speaker, message.text, "whisper", { sessionId: message.to, name: target.name }),
    [client.sessionId, message.to],
    { keep: false },
  );
}
