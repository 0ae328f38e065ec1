import { Audit } from "../store/collections.ts";
import { pageAfter, nextCursor, newestFirst, type PageCursor } from "../store/cursor.ts";
import type { Collection, DocStore } from "../store/types.ts";
import { newId } from "./tokens.ts";

export interface AuditFields {
  actorId: string;
  actorName: string;
  action: "ban" | "unban" | "revoke-session" | "revoke-all-sessions" | "set-role" | "grant-admin" | "hide-post" | "hide-script";
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
    this.#entries = Audit.in(store);
  }

  async record(entry: AuditFields): Promise<AuditEntry> {
    const full: AuditEntry = { _id: newId(), at: this.now(), ...entry };
    await this.#entries.insertOne(full);
    return full;
  }

  /** Newest first; `before` is the previous page's `next` (an `(at, _id)` cursor, so ties are never skipped). */
  async page(limit: number, before?: PageCursor): Promise<{ entries: AuditEntry[]; next: string | null }> {
    const entries = await this.#entries.find(pageAfter("at", before), { sort: newestFirst("at"), limit });
    return { entries, next: nextCursor(entries, limit, (e) => e.at) };
  }
}
