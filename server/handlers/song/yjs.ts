import type { Client } from "@colyseus/core";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as sync from "y-protocols/sync";
import * as Y from "yjs";
import { ErrorCode, ServerMessage } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import type { MessageContext } from "../message-table.ts";
import { applyCollecting, checkUpdate } from "./prose-guard.ts";
import { requireEditor, type SongRoomView } from "./context.ts";

/** The room's sync step 1 (its state vector), sent to each client on join. */
export function syncStep1(room: SongRoomView): Uint8Array {
  const enc = encoding.createEncoder();
  sync.writeSyncStep1(enc, room.doc);
  return encoding.toUint8Array(enc);
}

/** A y-protocols update message around one update. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  sync.writeUpdate(enc, update);
  return encoding.toUint8Array(enc);
}

/**
 * `song:y` (bytes): a y-protocols sync message. Step 1 (a state vector) is answered with
 * what the client lacks. Step 2 and updates are writes: editors only, checked (text only,
 * prose limit) before they touch the document; a viewer's update is refused and never
 * applied or relayed (Yjs has no read-only mode: yjs#549). What the document took is
 * relayed to the others at once, appended to the log, and the sender acknowledged.
 */
export async function songYjs(ctx: MessageContext<SongRoomView>, bytes: Uint8Array): Promise<void> {
  const { room, client } = ctx;
  let type: number;
  let payload: Uint8Array;
  try {
    const decoder = decoding.createDecoder(bytes);
    type = decoding.readVarUint(decoder);
    payload = decoding.readVarUint8Array(decoder);
  } catch {
    throw new DomainError(ErrorCode.BAD_INPUT, "not a sync message");
  }
  if (type === sync.messageYjsSyncStep1) return answerStep1(room, client, payload);
  if (type !== sync.messageYjsSyncStep2 && type !== sync.messageYjsUpdate) throw new DomainError(ErrorCode.BAD_INPUT, "unknown sync message");
  const shape = checkUpdate(room.doc, payload);
  // An empty step 2 is what every client (viewers too) answers the room's step 1 with.
  if (shape.empty) return;
  requireEditor(room, client);
  const taken = applyCollecting(room.doc, payload, client);
  // Built on changes the room never took (an earlier refused update): it can never apply.
  // Not stored, so not acknowledged: the client must reload its copy from the room.
  if (taken.length === 0 && room.doc.store.pendingStructs !== null) {
    throw new DomainError(ErrorCode.CONFLICT, "this copy is out of sync with the room: reload the Verse");
  }
  const stored: Promise<void>[] = [];
  let seq = 0;
  for (const update of taken) {
    seq = room.commit();
    room.relayUpdate(update, client);
    stored.push(room.append(seq, { kind: "y", bytes: update }));
  }
  await Promise.all(stored);
  room.ack(client, { seq, updates: room.countUpdate(client) });
}

function answerStep1(room: SongRoomView, client: Client, stateVector: Uint8Array): void {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, sync.messageYjsSyncStep2);
  let diff: Uint8Array;
  try {
    diff = Y.encodeStateAsUpdate(room.doc, stateVector);
  } catch {
    throw new DomainError(ErrorCode.BAD_INPUT, "not a state vector");
  }
  encoding.writeVarUint8Array(enc, diff);
  room.sendBytes(client, ServerMessage.SONG_YJS, encoding.toUint8Array(enc));
}
