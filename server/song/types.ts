import type { ReaderState, Song } from "#schema/song/model.ts";
import type { SongOp } from "#schema/song/ops.ts";

/**
 * What the Song repository stores. The draft's structure and its prose (a Yjs document
 * with one Y.Text per Verse, keyed by Verse id) are compacted together into `songs`;
 * changes since the last compaction are appended to `song_log` as they arrive, so an
 * acknowledged change is on disk before its author hears back.
 */
export interface SongDoc {
  [key: string]: unknown;
  _id: string;
  ownerId: string;
  title: string;
  editorIds: string[];
  /** Anyone signed in may watch the room live (viewer role). */
  watchable: boolean;
  /** The structure; each Verse's `prose` is empty here (the text lives in `yState`). */
  draft: Song;
  /** Y.encodeStateAsUpdate of the prose document at the last compaction. */
  yState: Uint8Array;
  /** The last log entry the snapshot covers. */
  seq: number;
  latestVersion: number | null;
  latestVersionId: string | null;
  /** When the latest version was published; absent until the first (migration 0013). */
  publishedAt?: number;
  createdAt: number;
  updatedAt: number;
}

/** One change since the snapshot: a structural op or a Yjs update. */
export type SongLogDoc = {
  [key: string]: unknown;
  _id: string;
  songId: string;
  seq: number;
  at: number;
} & ({ kind: "op"; op: SongOp } | { kind: "y"; bytes: Uint8Array });

export interface VersionDoc {
  [key: string]: unknown;
  _id: string;
  songId: string;
  ownerId: string;
  number: number;
  title: string;
  song: Song;
  hash: string;
  publishedAt: number;
}

/** One reader's place in one version (solo reading), keyed `${userId}:${versionId}`. */
export interface ReadingDoc {
  [key: string]: unknown;
  _id: string;
  userId: string;
  versionId: string;
  state: ReaderState;
  updatedAt: number;
}

/** A co-author of a Song, `${songId}:${userId}`: lists "shared with me" by an index walk. */
export interface EditorDoc {
  [key: string]: unknown;
  _id: string;
  songId: string;
  userId: string;
  at: number;
}

export const SONG_COLLECTIONS = {
  songs: "songs",
  editors: "song_editors",
  log: "song_log",
  versions: "song_versions",
  readings: "song_readings",
} as const;
