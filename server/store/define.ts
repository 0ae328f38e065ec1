import { assertCollectionName, defaultIndexName } from "./names.ts";
import type { Collection, Doc, DocStore, IndexSpec } from "./types.ts";

/**
 * A typed collection handle: the name, the document type and the indexes a collection
 * should have, declared once (server/store/collections.ts). Code opens collections through
 * these (`Users.in(store)`), never by a string, so a typo or a wrong document type is a
 * compile error and the indexes a query relies on sit next to the type they index.
 */
export interface CollectionDef<T extends Doc> {
  readonly name: string;
  /** What the migrations must have created, in full; a test compares the two. */
  readonly indexes: readonly IndexSpec[];
  in(store: DocStore): Collection<T>;
  /** Index names as the engines report them (Mongo-style defaults unless named). */
  indexNames(): string[];
}

export function defineCollection<T extends Doc>(name: string, options: { indexes: readonly IndexSpec[] }): CollectionDef<T> {
  assertCollectionName(name);
  const indexes = Object.freeze([...options.indexes]);
  return Object.freeze({
    name,
    indexes,
    in: (store: DocStore) => store.collection<T>(name),
    indexNames: () => indexes.map((i) => i.name ?? defaultIndexName(i.fields)),
  });
}
