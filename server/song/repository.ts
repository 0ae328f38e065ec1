import * as Y from "yjs";
import type { Song } from "#schema/song/model.ts";
import type { SongOp } from "#schema/song/ops.ts";
import { checkSong, replayOp } from "../domain/song/index.ts";
import type { Logger } from "../core/logger.ts";
import type { Collection, DocStore } from "../store/types.ts";
import { docFrom } from "./prose.ts";
import { LogBatch } from "./log-batch.ts";
import { type EditorDoc, type ReadingDoc, SONG_COLLECTIONS as C, type SongDoc, type SongLogDoc, type VersionDoc } from "./types.ts";

/** A draft as loaded: the structure and prose with every logged change replayed. */
export interface LoadedDraft {
  meta: SongDoc;
  song: Song;
  doc: Y.Doc;
  /** The last change replayed (the next one gets seq + 1). */
  seq: number;
}

/** What one compaction stores. */
export interface DraftSnapshot {
  song: Song;
  yState: Uint8Array;
  seq: number;
}

/** Every read and write of Songs, written once against DocStore (indexes: migration 0006). */
export class SongRepository {
  readonly songs: Collection<SongDoc>;
  readonly editors: Collection<EditorDoc>;
  readonly log: Collection<SongLogDoc>;
  readonly versions: Collection<VersionDoc>;
  readonly readings: Collection<ReadingDoc>;
  readonly #logBatch: LogBatch;

  constructor(
    readonly store: DocStore,
    private readonly logger?: Logger,
  ) {
    this.songs = store.collection<SongDoc>(C.songs);
    this.editors = store.collection<EditorDoc>(C.editors);
    this.log = store.collection<SongLogDoc>(C.log);
    this.versions = store.collection<VersionDoc>(C.versions);
    this.readings = store.collection<ReadingDoc>(C.readings);
    this.#logBatch = new LogBatch(store, C.log);
  }

  meta(id: string): Promise<SongDoc | null> {
    return this.songs.findOne({ _id: id }, { projection: { draft: 0, yState: 0 } });
  }

  /**
   * The draft with its log replayed, or null when there is no such Song. A stored
   * structure that fails checkSong throws (the room refuses to open rather than start
   * empty over it). A logged op that no longer applies is skipped and logged: it was
   * applied once, so this only happens if the store was edited by hand.
   */
  async loadDraft(id: string): Promise<LoadedDraft | null> {
    const meta = await this.songs.findOne({ _id: id });
    if (!meta) return null;
    let song = checkSong(meta.draft);
    const doc = docFrom(meta.yState);
    const entries = await this.log.find({ songId: id, seq: { $gt: meta.seq } }, { sort: { seq: 1 } });
    let seq = meta.seq;
    for (const e of entries) {
      if (e.kind === "y") Y.applyUpdate(doc, e.bytes);
      else {
        try {
          song = replayOp(song, e.op);
        } catch (err) {
          this.logger?.error({ err, songId: id, seq: e.seq }, "a logged song op no longer applies; skipped");
        }
      }
      seq = e.seq;
    }
    return { meta, song, doc, seq };
  }

  /** Adds or removes a co-author: the Song's list and the index row together. */
  async setEditor(songId: string, userId: string, on: boolean, at: number): Promise<void> {
    const key = `${songId}:${userId}`;
    await this.store.batch([
      { op: "updateOne", collection: C.songs, filter: { _id: songId }, update: on ? { $addToSet: { editorIds: userId }, $set: { updatedAt: at } } : { $pull: { editorIds: userId }, $set: { updatedAt: at } } },
      on
        ? { op: "updateOne", collection: C.editors, filter: { _id: key }, update: { $set: { songId, userId, at } }, upsert: true }
        : { op: "deleteOne", collection: C.editors, filter: { _id: key } },
    ]);
  }

  /** Songs the user co-writes, newest invitation first. */
  async sharedWith(userId: string, limit: number): Promise<SongDoc[]> {
    const rows = await this.editors.find({ userId }, { sort: { at: -1 }, limit });
    if (rows.length === 0) return [];
    const docs = await this.songs.find({ _id: { $in: rows.map((r) => r.songId) } }, { projection: { draft: 0, yState: 0 } });
    return docs.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Appends one change; resolves when it is stored. */
  async append(songId: string, seq: number, change: { kind: "op"; op: SongOp } | { kind: "y"; bytes: Uint8Array }, at: number): Promise<void> {
    // Group commit: the appends of one event-loop turn share one transaction (log-batch.ts).
    await this.#logBatch.append({ _id: `${songId}:${seq}`, songId, seq, at, ...change } as SongLogDoc);
  }

  /** Stores a snapshot and drops the log entries it covers, in one batch. */
  async compact(songId: string, snap: DraftSnapshot, at: number): Promise<void> {
    await this.store.batch([
      {
        op: "updateOne",
        collection: C.songs,
        filter: { _id: songId },
        update: { $set: { draft: snap.song, title: snap.song.title, yState: snap.yState, seq: snap.seq, updatedAt: at } },
      },
      { op: "deleteMany", collection: C.log, filter: { songId, seq: { $lte: snap.seq } } },
    ]);
  }
}
