import { ChatLines } from "../collections.ts";
import { createIndexes, dropIndexes } from "./helpers.ts";
import type { Migration } from "./types.ts";

/** A space's recent chat lines are read newest first per space and trimmed by time (server/store/repositories/chat-history.ts). */
export const migration: Migration = {
  name: "0010-chat",
  up: (store) => createIndexes(store, ChatLines.name, [...ChatLines.indexes]),
  down: (store) => dropIndexes(store, ChatLines.name, [...ChatLines.indexes]),
};
