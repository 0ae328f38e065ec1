import type { IndexSpec } from "../types.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { Migration } from "./types.ts";

/**
 * A wall is read newest first with cursor pagination ({ wallOwnerId, createdAt: { $lt } }
 * sorted by createdAt desc), which the compound index answers without sorting.
 */
const INDEXES: IndexSpec[] = [
  { fields: { wallOwnerId: 1, createdAt: -1 } },
  { fields: { authorId: 1 } },
  { fields: { createdAt: 1 } },
];

export const migration: Migration = {
  name: "0003-posts",
  up: (store) => createIndexes(store, "posts", INDEXES),
  down: (store) => dropIndexes(store, "posts", INDEXES),
};
