import type { DocStore, IndexSpec } from "../types.ts";
import { defaultIndexName } from "../names.ts";

/** createIndex is idempotent for an identical spec on both engines, so re-running up is safe. */
export async function createIndexes(store: DocStore, collection: string, specs: IndexSpec[]): Promise<void> {
  const coll = store.collection(collection);
  for (const spec of specs) await coll.createIndex(spec);
}

/** Drops the named indexes that exist; down stays safe to run after a half-applied up. */
export async function dropIndexes(store: DocStore, collection: string, specs: IndexSpec[]): Promise<void> {
  const coll = store.collection(collection);
  const present = new Set((await coll.listIndexes()).map((i) => i.name));
  for (const spec of specs) {
    const name = spec.name ?? defaultIndexName(spec.fields);
    if (present.has(name)) await coll.dropIndex(name);
  }
}
