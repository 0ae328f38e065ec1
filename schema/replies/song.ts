/**
 * What the Song routes answer and the `song` room sends: wire shapes declared once.
 * Types only (the browser bundle includes this file).
 */
import type { SongWarning } from "../song/condition.ts";
import type { Song, ReaderState, Verse } from "../song/model.ts";
import type { SongOp } from "../song/ops.ts";

/** owner and editor write; viewer watches live (when the owner allows it). */
export type SongRole = "owner" | "editor" | "viewer";

/** A Song as lists show it. */
export interface SongSummary {
  id: string;
  title: string;
  owner: string;
  editors: string[];
  watchable: boolean;
  /** The newest published version's number, or null before the first publish. */
  latestVersion: number | null;
  latestVersionId: string | null;
  updatedAt: number;
}

/** GET /api/songs?view=mine|shared|published */
export interface SongList {
  songs: SongSummary[];
}

/** GET /api/songs/:id: the draft as stored (prose merged from its Yjs document), and the caller's role. */
export interface SongDetail extends SongSummary {
  role: SongRole;
  draft: Song;
  warnings: SongWarning[];
}

/** A published version as lists show it. */
export interface VersionSummary {
  id: string;
  songId: string;
  number: number;
  title: string;
  hash: string;
  publishedAt: number;
}

export interface VersionList {
  versions: VersionSummary[];
}

/** GET /api/song-versions/:id: the immutable version. */
export interface VersionView extends VersionSummary {
  song: Song;
}

/** A choice as a reader sees it; `gated: "mood"` is marked visibly. */
export interface ChoiceView {
  id: string;
  label: string;
  gated: "mood" | null;
}

/** The reader's mood as the server read it (and where from). */
export interface MoodView {
  p: number;
  a: number;
  d: number;
  label: string;
  /** "live": the reader's avatar in a space now; "neutral": no avatar in the world. */
  source: "live" | "neutral";
}

/** Every solo-reading route answers this. */
export interface ReadingView {
  versionId: string;
  verse: Pick<Verse, "id" | "title" | "prose" | "ending" | "tone">;
  choices: ChoiceView[];
  state: ReaderState;
  mood: MoodView;
  /** True when a stored reading was resumed (false: started afresh). */
  resumed: boolean;
}

/** `song:init`, sent to each client on join. */
export interface SongInit {
  songId: string;
  role: SongRole;
  song: Song;
  seq: number;
  warnings: SongWarning[];
}

/** `song:op`, broadcast to everyone in the room once applied. */
export interface SongOpApplied {
  op: SongOp;
  seq: number;
  by: string;
}

/** `song:ack`: the change is stored (an op by requestId, Yjs updates by count). */
export interface SongAck {
  requestId?: string;
  seq: number;
  /** Yjs updates from this client stored so far. */
  updates?: number;
}

/** `song:warnings`, to editors after every structural change. */
export interface SongWarnings {
  seq: number;
  warnings: SongWarning[];
}

/** `song:access`: the owner changed who may write or watch. */
export interface SongAccessChanged {
  role: SongRole;
}

/** `song-read:decided`: the votes of one step and where they led. */
export interface SongReadDecided {
  /** The step that was decided (state.step before the move). */
  step: number;
  winner: string;
  counts: { choice: string; votes: number }[];
  /** More than one entry when the tie-break picked the winner. */
  tied: string[];
  /** The Verse reached. */
  verse: string;
}
