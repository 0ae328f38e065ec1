import * as Y from "yjs";
import type { Song } from "#schema/song/model.ts";

/**
 * The prose side of a draft: one Y.Text per Verse, named by the Verse's id (ids never
 * change, so a retitle never touches the text). The structure keeps `prose: ""`; these
 * helpers put the two together when a Song is read whole (publish, GET).
 */
export function docFrom(state: Uint8Array | null | undefined): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  if (state && state.byteLength > 0) Y.applyUpdate(doc, state);
  return doc;
}

/** The text of one Verse (empty when nobody wrote any). */
export function proseOf(doc: Y.Doc, verseId: string): string {
  if (!doc.share.has(verseId)) return "";
  return doc.getText(verseId).toString();
}

/** The Song with each Verse's prose taken from the document. */
export function withProse(song: Song, doc: Y.Doc): Song {
  return { ...song, verses: song.verses.map((v) => ({ ...v, prose: proseOf(doc, v.id) })) };
}
