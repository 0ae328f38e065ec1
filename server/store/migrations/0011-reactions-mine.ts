import { Reactions } from "../collections.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { IndexSpec } from "../types.ts";
import type { Migration } from "./types.ts";

/** Walls and the feed read the viewer's own reactions on a page of posts in one query: per person, then target. */
const MINE: IndexSpec[] = [{ fields: { userId: 1, targetId: 1 } }];

export const migration: Migration = {
  name: "0011-reactions-mine",
  up: (store) => createIndexes(store, Reactions.name, MINE),
  down: (store) => dropIndexes(store, Reactions.name, MINE),
};
