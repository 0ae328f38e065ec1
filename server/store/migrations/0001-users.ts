import type { IndexSpec } from "../types.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { Migration } from "./types.ts";

/** usernameKey is the normalised (case-folded) username: unique, so "Ada" and "ada" cannot both register. */
const INDEXES: IndexSpec[] = [{ fields: { usernameKey: 1 }, unique: true }, { fields: { createdAt: 1 } }];

export const migration: Migration = {
  name: "0001-users",
  up: (store) => createIndexes(store, "users", INDEXES),
  down: (store) => dropIndexes(store, "users", INDEXES),
};
