import { Audit, Feed, Follows, Posts } from "../collections.ts";
import type { DocStore, IndexSpec } from "../types.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { Migration } from "./types.ts";

/**
 * Pages are read with an `(createdAt, _id)` cursor (`server/store/cursor.ts`): a time alone
 * is unique only within one process, so two processes can write the same createdAt and a
 * `$lt createdAt` cursor would skip the tie. Each list gets its index with `_id` as the
 * tie-break; the index it extends is dropped (the new one answers every query it did).
 */
const ADDED: Record<string, IndexSpec[]> = {
  [Posts.name]: [{ fields: { wallOwnerId: 1, createdAt: -1, _id: -1 } }],
  [Feed.name]: [{ fields: { createdAt: -1, _id: -1 } }, { fields: { authorId: 1, createdAt: -1, _id: -1 } }],
  [Follows.name]: [{ fields: { followeeId: 1, createdAt: -1, _id: -1 } }, { fields: { followerId: 1, createdAt: -1, _id: -1 } }],
  [Audit.name]: [{ fields: { at: -1, _id: -1 } }],
};

/** What 0003, 0004 and 0005 created that the indexes above extend. */
const REPLACED: Record<string, IndexSpec[]> = {
  [Posts.name]: [{ fields: { wallOwnerId: 1, createdAt: -1 } }],
  [Feed.name]: [{ fields: { createdAt: -1 } }, { fields: { authorId: 1, createdAt: -1 } }],
  [Follows.name]: [{ fields: { followeeId: 1, createdAt: -1 } }, { fields: { followerId: 1, createdAt: -1 } }],
  [Audit.name]: [{ fields: { at: -1 } }],
};

async function swap(store: DocStore, add: Record<string, IndexSpec[]>, drop: Record<string, IndexSpec[]>): Promise<void> {
  // Create before dropping: the lists keep an index to walk at every moment.
  for (const [collection, specs] of Object.entries(add)) await createIndexes(store, collection, specs);
  for (const [collection, specs] of Object.entries(drop)) await dropIndexes(store, collection, specs);
}

export const migration: Migration = {
  name: "0006-cursors",
  up: (store) => swap(store, ADDED, REPLACED),
  down: (store) => swap(store, REPLACED, ADDED),
};
