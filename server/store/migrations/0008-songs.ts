import type { DocStore, IndexSpec } from "../types.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { Migration } from "./types.ts";

/**
 * Songs are listed by owner and by co-author (through song_editors) (newest change first) and, published, by
 * their latest version; the log is replayed per Song in seq order; versions are
 * numbered per Song; a reader's place is keyed by user and version (_id), listed per user.
 */
const INDEXES: Record<string, IndexSpec[]> = {
  songs: [{ fields: { ownerId: 1, updatedAt: -1 } }, { fields: { latestVersion: 1, updatedAt: -1 } }],
  // One row per co-author (sqlite indexes scalars only, so not an index on songs.editorIds).
  song_editors: [{ fields: { userId: 1, at: -1 } }],
  song_log: [{ fields: { songId: 1, seq: 1 }, unique: true }],
  song_versions: [{ fields: { songId: 1, number: -1 }, unique: true }],
  song_readings: [{ fields: { userId: 1, updatedAt: -1 } }],
};

async function each(store: DocStore, fn: typeof createIndexes): Promise<void> {
  for (const [collection, specs] of Object.entries(INDEXES)) await fn(store, collection, specs);
}

export const migration: Migration = {
  name: "0008-songs",
  up: (store) => each(store, createIndexes),
  down: (store) => each(store, dropIndexes),
};
