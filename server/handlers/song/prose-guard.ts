import * as Y from "yjs";
import { ErrorCode } from "#schema/protocol.ts";
import { SONG_LIMITS as L } from "#schema/song/limits.ts";
import { DomainError } from "../../core/errors.ts";

/** Root texts a prose document may hold: one per Verse, with room for deleted Verses' texts. */
export const MAX_TEXTS = L.verses * 2;

/** What an incoming Yjs update would do, read without applying it. */
export interface UpdateShape {
  /** No structs and no deletions: nothing to apply, store or relay. */
  empty: boolean;
  /** Characters it inserts (an upper bound on how much any text can grow). */
  inserted: number;
  /** Root names it writes into that the document does not have yet. */
  newTexts: number;
}

const refuse = (message: string) => new DomainError(ErrorCode.BAD_INPUT, message);

/**
 * Reads an update's structs before it touches the room's document. Prose is plain text:
 * only string content (and deletions) in a sequence, never a map entry, an embedded
 * object, a nested type or a formatting mark. So every root in the document is a text,
 * and the length rules below hold. Marks are refused too: Y.Text allows them and
 * y-codemirror never sends them, and a mark's value is any JSON that no character limit
 * counts, kept in the Song for good (SG79).
 */
export function shapeOf(doc: Y.Doc, update: Uint8Array): UpdateShape {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw refuse("not a Yjs update");
  }
  checkDeletions(doc, decoded);
  let inserted = 0;
  const roots = new Set<string>();
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue; // GC and Skip carry no content
    if (s.parentSub !== null) throw refuse("prose is text: map entries are refused");
    const c = s.content;
    if (!(c instanceof Y.ContentString || c instanceof Y.ContentDeleted)) {
      throw refuse("prose is plain text: only characters may be inserted");
    }
    if (c.isCountable()) inserted += c.getLength();
    if (typeof s.parent === "string" && !doc.share.has(s.parent)) roots.add(s.parent);
  }
  return { empty: decoded.structs.length === 0 && decoded.ds.clients.size === 0, inserted, newTexts: roots.size };
}

/**
 * Refuses deletions of characters neither the room nor the update itself holds. Yjs keeps
 * such a delete set as pending (for a part that may come later) in the document and in
 * every snapshot, and merges each new one into it: junk ranges naming clients that never
 * wrote here made the Song grow by 64 KB a message and each update slower. A client only
 * deletes what it received from the room or wrote in the same update, so a real one never
 * meets this; like an update built on a refused one, it is out of sync (CONFLICT).
 */
function checkDeletions(doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>): void {
  const written = new Map<number, number>();
  for (const s of decoded.structs) written.set(s.id.client, Math.max(written.get(s.id.client) ?? 0, s.id.clock + s.length));
  for (const [client, ranges] of decoded.ds.clients) {
    const known = Math.max(Y.getState(doc.store, client), written.get(client) ?? 0);
    if (ranges.some((r) => r.clock + r.len > known)) {
      throw new DomainError(ErrorCode.CONFLICT, "this copy is out of sync with the room: reload the Verse");
    }
  }
}

/** The longest text in the document. */
export function longestText(doc: Y.Doc): number {
  let max = 0;
  for (const t of doc.share.values()) max = Math.max(max, t._length);
  return max;
}

/**
 * Refuses an update that would make any Verse's text longer than `limit` characters, or
 * open more texts than MAX_TEXTS, BEFORE it is applied (Yjs cannot take an update back).
 * The cheap bound (longest text now + characters inserted) settles almost every update;
 * only near the limit is the update tried on a scratch copy of the document.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, limit: number = L.prose): UpdateShape {
  const shape = shapeOf(doc, update);
  if (doc.share.size + shape.newTexts > MAX_TEXTS) throw refuse(`at most ${MAX_TEXTS} Verse texts in one Song`);
  if (shape.empty || longestText(doc) + shape.inserted <= limit) return shape;
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  Y.applyUpdate(scratch, update);
  const over = longestText(scratch) > limit;
  scratch.destroy();
  if (over) throw refuse(`a Verse holds at most ${limit} characters of prose`);
  return shape;
}

/** Applies an update and returns what the document actually took (empty when it was known or is waiting for missing parts). */
export function applyCollecting(doc: Y.Doc, update: Uint8Array, origin: unknown): Uint8Array[] {
  const taken: Uint8Array[] = [];
  const collect = (u: Uint8Array) => taken.push(u);
  doc.on("update", collect);
  try {
    Y.applyUpdate(doc, update, origin);
  } finally {
    doc.off("update", collect);
  }
  return taken;
}
