import type { IndexSpec } from "../types.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { Migration } from "./types.ts";

/** The audit log is read newest first and per target user. */
const INDEXES: IndexSpec[] = [{ fields: { at: -1 } }, { fields: { targetId: 1, at: -1 } }];

export const migration: Migration = {
  name: "0004-audit",
  up: (store) => createIndexes(store, "audit", INDEXES),
  down: (store) => dropIndexes(store, "audit", INDEXES),
};
