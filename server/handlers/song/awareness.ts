import type { Client } from "@colyseus/core";
import * as decoding from "lib0/decoding";
import * as awarenessProtocol from "y-protocols/awareness";
import { ErrorCode, ServerMessage } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import type { MessageContext } from "../message-table.ts";
import type { SongRoomView } from "./context.ts";

/** The awareness client ids an update speaks for (y-protocols' format: count, then id, clock, JSON). */
export function awarenessIds(bytes: Uint8Array): number[] {
  const decoder = decoding.createDecoder(bytes);
  const n = decoding.readVarUint(decoder);
  if (n > 8) throw new Error("too many states");
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder);
    decoding.readVarString(decoder);
  }
  return ids;
}

/**
 * `song:aw` (bytes): who is in which Verse, their cursor and selection. Viewers may show
 * presence too. A client speaks only for awareness ids it introduced (no one can move or
 * remove another's cursor); the room keeps the states so late joiners see them and so a
 * leaving client's cursor is removed for everyone.
 */
export function songAwareness(ctx: MessageContext<SongRoomView>, bytes: Uint8Array): void {
  const { room, client } = ctx;
  let ids: number[];
  try {
    ids = awarenessIds(bytes);
  } catch {
    throw new DomainError(ErrorCode.BAD_INPUT, "not an awareness update");
  }
  for (const id of ids) {
    const owner = room.awarenessOwners.get(id);
    if (owner !== undefined && owner !== client.sessionId) throw new DomainError(ErrorCode.FORBIDDEN, "that cursor is someone else's");
  }
  awarenessProtocol.applyAwarenessUpdate(room.awareness, bytes, client);
  for (const id of ids) room.awarenessOwners.set(id, client.sessionId);
  room.relay(ServerMessage.SONG_AWARENESS, bytes, client);
}

/** Removes a leaving client's cursors; returns the update to send the others (null if none). */
export function forgetAwareness(room: SongRoomView, client: Client): Uint8Array | null {
  const ids = [...room.awarenessOwners].filter(([, owner]) => owner === client.sessionId).map(([id]) => id);
  if (ids.length === 0) return null;
  for (const id of ids) room.awarenessOwners.delete(id);
  awarenessProtocol.removeAwarenessStates(room.awareness, ids, "left");
  return awarenessProtocol.encodeAwarenessUpdate(room.awareness, ids);
}
