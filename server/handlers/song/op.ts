import type { SongOpMessage } from "#schema/messages/song.ts";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import { applyOp } from "../../domain/song/index.ts";
import type { MessageContext } from "../message-table.ts";
import { requireEditor, type SongRoomView } from "./context.ts";

/**
 * `song:op`: one structural change, applied by the room in the order received (the
 * engine refuses what would break the graph, changing nothing). Everyone sees it at once;
 * editors get the warnings; the sender is acknowledged once the op is stored.
 */
export async function songOp(ctx: MessageContext<SongRoomView>, msg: SongOpMessage): Promise<void> {
  const { room, client } = ctx;
  requireEditor(room, client);
  const op = msg.op;
  if (op.op === "verse.prose" || (op.op === "verse.add" && op.prose)) {
    throw new DomainError(ErrorCode.BAD_INPUT, "prose is written in the Verse's text (song:y), not by ops");
  }
  const { song, warnings } = applyOp(room.song, op);
  room.song = song;
  const seq = room.commit();
  room.broadcastOp({ op, seq, by: room.displayNameOf(client) });
  room.sendWarnings({ seq, warnings });
  await room.append(seq, { kind: "op", op });
  room.ack(client, { seq, ...(msg.requestId ? { requestId: msg.requestId } : {}) });
}
