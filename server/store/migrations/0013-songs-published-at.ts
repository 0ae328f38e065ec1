import type { DocStore, IndexSpec } from "../types.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { Migration } from "./types.ts";

/**
 * The published Songs list is ordered by when each was last published, not by when its
 * draft last changed: that order told anyone signed in which private drafts were being
 * worked on. `publishedAt` is filled in from each Song's latest version; a Song never
 * published has none. Its index replaces 0008's `{latestVersion, updatedAt}`, which only
 * that list used.
 */
const ADDED: IndexSpec[] = [{ fields: { publishedAt: -1, _id: -1 } }];
const REPLACED: IndexSpec[] = [{ fields: { latestVersion: 1, updatedAt: -1 } }];

async function backfill(store: DocStore): Promise<void> {
  const songs = store.collection("songs");
  const published = await songs.find({ latestVersion: { $gte: 1 } }, { projection: { latestVersionId: 1 } });
  if (published.length === 0) return;
  const versions = await store.collection("song_versions").find(
    { _id: { $in: published.map((s) => String(s.latestVersionId)) } },
    { projection: { songId: 1, publishedAt: 1 } },
  );
  for (const v of versions) await songs.updateOne({ _id: String(v.songId) }, { $set: { publishedAt: v.publishedAt } });
}

export const migration: Migration = {
  name: "0013-songs-published-at",
  // Create before dropping: the list keeps an index to walk at every moment.
  up: async (store) => {
    await backfill(store);
    await createIndexes(store, "songs", ADDED);
    await dropIndexes(store, "songs", REPLACED);
  },
  down: async (store) => {
    await createIndexes(store, "songs", REPLACED);
    await dropIndexes(store, "songs", ADDED);
    await store.collection("songs").updateMany({ publishedAt: { $exists: true } }, { $unset: { publishedAt: "" } });
  },
};
