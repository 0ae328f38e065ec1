import type { IndexSpec } from "../types.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { Migration } from "./types.ts";

/** Sessions are found by the hash of their token, listed per user, and swept by expiry. */
const INDEXES: IndexSpec[] = [
  { fields: { tokenHash: 1 }, unique: true },
  { fields: { userId: 1 } },
  { fields: { expiresAt: 1 } },
];

export const migration: Migration = {
  name: "0002-sessions",
  up: (store) => createIndexes(store, "sessions", INDEXES),
  down: (store) => dropIndexes(store, "sessions", INDEXES),
};
