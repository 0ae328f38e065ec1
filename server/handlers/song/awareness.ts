import type { Client } from "@colyseus/core";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import { AwarenessCursor } from "#schema/messages/song.ts";
import { ErrorCode, ServerMessage } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import type { MessageContext } from "../message-table.ts";
import type { SongRoomView } from "./context.ts";

/** One state of an awareness update (y-protocols' format: count, then id, clock, JSON). */
interface AwarenessEntry {
  id: number;
  clock: number;
  state: unknown;
}

/** Reads an awareness update, JSON included; throws on anything else. */
export function readAwareness(bytes: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(bytes);
  const n = decoding.readVarUint(decoder);
  if (n > 8) throw new Error("too many states");
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const id = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    entries.push({ id, clock, state: JSON.parse(decoding.readVarString(decoder)) as unknown });
  }
  return entries;
}

/**
 * The same update with every state's `user.name` set to the sender's display name: the
 * name on a cursor is whatever the client wrote, so without this an editor could write
 * as someone else under their name (SG76).
 */
function withOwnName(entries: readonly AwarenessEntry[], name: string): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, entries.length);
  for (const { id, clock, state } of entries) {
    encoding.writeVarUint(enc, id);
    encoding.writeVarUint(enc, clock);
    encoding.writeVarString(enc, JSON.stringify(isObject(state) ? { ...state, user: { ...(isObject(state.user) ? state.user : {}), name } } : state));
  }
  return encoding.toUint8Array(enc);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `song:aw` (bytes): who is in which Verse, their cursor and selection. Viewers may show
 * presence too. A client speaks only for awareness ids it introduced (no one can move or
 * remove another's cursor), under its own name; the room keeps the states so late joiners
 * see them and so a leaving client's cursor is removed for everyone.
 */
export function songAwareness(ctx: MessageContext<SongRoomView>, bytes: Uint8Array): void {
  const { room, client } = ctx;
  let entries: AwarenessEntry[];
  try {
    entries = readAwareness(bytes);
  } catch {
    throw new DomainError(ErrorCode.BAD_INPUT, "not an awareness update");
  }
  checkCursors(entries);
  checkOwnership(room, client.sessionId, entries);
  const stamped = withOwnName(entries, room.displayNameOf(client));
  awarenessProtocol.applyAwarenessUpdate(room.awareness, stamped, client);
  for (const { id } of entries) room.awarenessOwners.set(id, client.sessionId);
  room.relay(ServerMessage.SONG_AWARENESS, stamped, client);
}

/**
 * Each state is kept and relayed to every other editor, whose cursor plugin resolves its
 * `cursor` with Yjs: one Yjs cannot read (`{head: 7}`) threw there, and CodeMirror then
 * switched the plugin off, so nobody saw or published a cursor until they reloaded, and
 * every later joiner got the same state on join.
 */
function checkCursors(entries: readonly AwarenessEntry[]): void {
  for (const { state } of entries) {
    if (isObject(state) && "cursor" in state && !AwarenessCursor.safeParse(state.cursor).success) {
      throw new DomainError(ErrorCode.BAD_INPUT, "cursor: expected {anchor, head} as Yjs relative positions, or null");
    }
  }
}

/**
 * A page has one awareness id (one Y.Doc); a few more allow for an editor remounted in
 * the same session. Without a cap, a client inventing new ids in every update grew the
 * room's owner map for as long as it stayed connected.
 */
export const MAX_AWARENESS_IDS_PER_CLIENT = 4;

/** Refuses ids another client introduced, and ids past this client's cap. */
function checkOwnership(room: SongRoomView, sessionId: string, entries: readonly AwarenessEntry[]): void {
  let fresh = 0;
  for (const { id } of entries) {
    const owner = room.awarenessOwners.get(id);
    if (owner === undefined) fresh++;
    else if (owner !== sessionId) throw new DomainError(ErrorCode.FORBIDDEN, "that cursor is someone else's");
  }
  if (fresh === 0) return;
  let held = 0;
  for (const owner of room.awarenessOwners.values()) if (owner === sessionId) held++;
  if (held + fresh > MAX_AWARENESS_IDS_PER_CLIENT) {
    throw new DomainError(ErrorCode.BAD_INPUT, `at most ${MAX_AWARENESS_IDS_PER_CLIENT} awareness ids per connection`);
  }
}

/** Removes a leaving client's cursors; returns the update to send the others (null if none). */
export function forgetAwareness(room: SongRoomView, client: Client): Uint8Array | null {
  const ids = [...room.awarenessOwners].filter(([, owner]) => owner === client.sessionId).map(([id]) => id);
  if (ids.length === 0) return null;
  for (const id of ids) room.awarenessOwners.delete(id);
  awarenessProtocol.removeAwarenessStates(room.awareness, ids, "left");
  return awarenessProtocol.encodeAwarenessUpdate(room.awareness, ids);
}
