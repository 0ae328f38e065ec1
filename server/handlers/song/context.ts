import type { TokenBucket } from "../../core/token-bucket.ts";
import type { Client } from "@colyseus/core";
import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import { ErrorCode } from "#schema/protocol.ts";
import type { SongAck, SongOpApplied, SongRole, SongWarnings } from "#schema/replies/song.ts";
import type { Song } from "#schema/song/model.ts";
import type { SongOp } from "#schema/song/ops.ts";
import { DomainError } from "../../core/errors.ts";
import { canEdit } from "../../song/access.ts";

/** A change as the log stores it. */
export type SongChange = { kind: "op"; op: SongOp } | { kind: "y"; bytes: Uint8Array };

/** What the `song` room's handlers may see and do (the room implements it; tests fake it). */
export interface SongRoomView {
  readonly songId: string;
  /** The authoritative structure; replaced (never mutated) by each applied op. */
  song: Song;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Which room client owns each awareness client id (a client may only speak for its own). */
  readonly awarenessOwners: Map<number, string>;
  /** The room's allowance of variable ops (VARIABLE_OP_BUDGET), shared by all its editors. */
  readonly variableOps: TokenBucket;
  /** The client's role now (null: no longer allowed): checked on every message. */
  roleOf(client: Client): SongRole | null;
  /** Records a change in memory: the next seq, and the room is dirty for the next compaction. */
  commit(): number;
  /** Stores the change in the log; resolves when it is on disk (then the sender is acknowledged). */
  append(seq: number, change: SongChange): Promise<void>;
  broadcastOp(applied: SongOpApplied): void;
  sendWarnings(warnings: SongWarnings): void;
  ack(client: Client, ack: SongAck): void;
  /** Bytes to every client but `except`, after this turn's updates. */
  relay(type: string, bytes: Uint8Array, except?: Client): void;
  /** A Yjs update the document took from `from`: the others receive it, merged with the turn's other updates. */
  relayUpdate(update: Uint8Array, from: Client): void;
  sendBytes(client: Client, type: string, bytes: Uint8Array): void;
  /** Counts one stored Yjs update of this client; returns the count so far. */
  countUpdate(client: Client): number;
  displayNameOf(client: Client): string;
}

/** Refuses a write from anyone but the owner and co-authors (checked per message: roles change live). */
export function requireEditor(room: SongRoomView, client: Client): void {
  if (!canEdit(room.roleOf(client))) throw new DomainError(ErrorCode.FORBIDDEN, "viewers cannot change this song");
}
