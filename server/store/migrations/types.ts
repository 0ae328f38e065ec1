import type { DocStore } from "../types.ts";

/** One numbered schema step. `down` must undo `up` without touching data. */
export interface Migration {
  /** Sorts in apply order: "0001-users", "0002-sessions", ... */
  readonly name: string;
  up(store: DocStore): Promise<void>;
  down(store: DocStore): Promise<void>;
}
