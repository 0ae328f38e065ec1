import type { Collection, DocStore } from "../store/types.ts";
import { newId } from "./tokens.ts";

export interface AuditFields {
  actorId: string;
  actorName: string;
  action: "ban" | "unban" | "revoke-session" | "revoke-all-sessions" | "set-role" | "grant-admin" | "hide-post";
  targetId: string;
  targetName: string;
  reason: string;
  details?: Record<string, unknown>;
}

export type AuditEntry = AuditFields & { _id: string; at: number } & Record<string, unknown>;

/** Every moderation action: who, what, whom, when, why. Append-only. */
export class AuditLog {
  readonly #entries: Collection<AuditEntry>;

  constructor(
    store: DocStore,
    private readonly now: () => number,
  ) {
    this.#entries = store.collection<AuditEntry>("audit");
  }

  async record(entry: AuditFields): Promise<AuditEntry> {
    const full: AuditEntry = { _id: newId(), at: this.now(), ...entry };
    await this.#entries.insertOne(full);
    return full;
  }

  /** Newest first; `before` is the `at` of the last entry of the previous page. */
  async page(limit: number, before?: number): Promise<AuditEntry[]> {
    const filter = before === undefined ? {} : { at: { $lt: before } };
    return this.#entries.find(filter, { sort: { at: -1 }, limit });
  }
}
