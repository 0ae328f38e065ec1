import type { DocStore, IndexSpec } from "../types.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { Migration } from "./types.ts";

/**
 * Profiles are keyed by user id. Follows are unique per pair and listed newest first from
 * either side; replies are read per post; the feed is read newest first overall and per
 * author (the "following" view merges per-author pages, each an index walk).
 */
const INDEXES: Record<string, IndexSpec[]> = {
  follows: [
    { fields: { followerId: 1, followeeId: 1 }, unique: true },
    { fields: { followeeId: 1, createdAt: -1 } },
    { fields: { followerId: 1, createdAt: -1 } },
  ],
  replies: [{ fields: { postId: 1, createdAt: 1 } }],
  reactions: [{ fields: { targetId: 1 } }],
  feed: [{ fields: { createdAt: -1 } }, { fields: { authorId: 1, createdAt: -1 } }],
};

async function each(store: DocStore, fn: typeof createIndexes): Promise<void> {
  for (const [collection, specs] of Object.entries(INDEXES)) await fn(store, collection, specs);
}

export const migration: Migration = {
  name: "0005-social",
  up: (store) => each(store, createIndexes),
  down: (store) => each(store, dropIndexes),
};
