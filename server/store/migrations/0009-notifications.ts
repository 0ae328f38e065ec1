import { Notifications } from "../collections.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { Migration } from "./types.ts";

/** Notifications are read newest first per reader with an `(createdAt, _id)` cursor, and counted unread per reader. */
export const migration: Migration = {
  name: "0009-notifications",
  up: (store) => createIndexes(store, Notifications.name, [...Notifications.indexes]),
  down: (store) => dropIndexes(store, Notifications.name, [...Notifications.indexes]),
};
