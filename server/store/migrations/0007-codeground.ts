import { ScriptSaves, Scripts, ScriptVersions } from "../collections.ts";
import type { DocStore, IndexSpec } from "../types.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { Migration } from "./types.ts";

/**
 * Codeground: an owner's drafts newest first; a family (remix tree) in creation order by
 * its root; forks of one parent; a draft's saves newest first; a script's versions by
 * number (unique: two publishes can never both be v4). Cards on feed and walls are
 * looked up by version `_id`, and the feed itself is the existing `feed` walk.
 */
const INDEXES: Record<string, IndexSpec[]> = {
  [Scripts.name]: [
    { fields: { ownerId: 1, updatedAt: -1 } },
    { fields: { "lineage.rootScriptId": 1, createdAt: 1, _id: 1 } },
    { fields: { "lineage.parentScriptId": 1 } },
  ],
  [ScriptSaves.name]: [{ fields: { scriptId: 1, seq: -1 } }],
  [ScriptVersions.name]: [{ fields: { scriptId: 1, number: -1 }, unique: true }],
};

async function each(store: DocStore, fn: typeof createIndexes): Promise<void> {
  for (const [collection, specs] of Object.entries(INDEXES)) await fn(store, collection, specs);
}

export const migration: Migration = {
  name: "0007-codeground",
  up: (store) => each(store, createIndexes),
  down: (store) => each(store, dropIndexes),
};

export { INDEXES as CODEGROUND_INDEXES };
