import { Scripts } from "../collections.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { IndexSpec } from "../types.ts";
import type { Migration } from "./types.ts";

/**
 * An owner's drafts page on an `(updatedAt, _id)` cursor (`server/store/cursor.ts`): saves
 * from two processes can land in one millisecond, and an `updatedAt` cursor alone skipped
 * the tie. The new index extends 0007's `{ownerId, updatedAt}`, which it replaces.
 */
const ADDED: IndexSpec[] = [{ fields: { ownerId: 1, updatedAt: -1, _id: -1 } }];
const REPLACED: IndexSpec[] = [{ fields: { ownerId: 1, updatedAt: -1 } }];

export const migration: Migration = {
  name: "0012-drafts-cursor",
  // Create before dropping: the list keeps an index to walk at every moment.
  up: async (store) => {
    await createIndexes(store, Scripts.name, ADDED);
    await dropIndexes(store, Scripts.name, REPLACED);
  },
  down: async (store) => {
    await createIndexes(store, Scripts.name, REPLACED);
    await dropIndexes(store, Scripts.name, ADDED);
  },
};
