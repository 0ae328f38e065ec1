import type { SongOpMessage } from "#schema/messages/song.ts";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import type { Budget } from "../../core/token-bucket.ts";
import { applyOp } from "../../domain/song/index.ts";
import type { MessageContext } from "../message-table.ts";
import { requireEditor, type SongRoomView } from "./context.ts";

/**
 * Variable ops, per room (all editors together). A variable change re-analyses every
 * condition of the Song (what each can still hold): 100-250 ms on a full Song, so at the
 * message budget (20 a second) one editor could keep several cores busy. Nobody writing
 * changes variables more than now and then.
 */
export const VARIABLE_OP_BUDGET: Budget = { perSecond: 1, burst: 5 };

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
  if (op.op.startsWith("var.") && !room.variableOps.take(ctx.now)) {
    throw new DomainError(ErrorCode.RATE_LIMITED, `variables change at most ${VARIABLE_OP_BUDGET.perSecond} a second in a Song: try again shortly`);
  }
  const { song, warnings } = applyOp(room.song, op);
  room.song = song;
  const seq = room.commit();
  room.broadcastOp({ op, seq, by: room.displayNameOf(client) });
  room.sendWarnings({ seq, warnings });
  await room.append(seq, { kind: "op", op });
  room.ack(client, { seq, ...(msg.requestId ? { requestId: msg.requestId } : {}) });
}
