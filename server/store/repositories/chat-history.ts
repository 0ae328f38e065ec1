import type { ChatLine } from "#schema/messages/space.ts";
import { CHAT_HISTORY_MAX, CHAT_TRIM_EVERY, type ChatLineDoc, oldestShown } from "../../domain/space/chat-history.ts";
import { ChatLines } from "../collections.ts";
import type { Collection, DocStore } from "../types.ts";

/** What a space room keeps of its chat (rooms get this, never the store). */
export interface ChatHistoryStore {
  /** Write-through; trims the space back to its bound now and then. */
  keep(space: string, line: ChatLine, now: number): Promise<void>;
  /** The newest `limit` lines still shown at `now`, oldest first. */
  recent(space: string, now: number, limit?: number): Promise<ChatLine[]>;
}

/** The `chat_lines` collection: the last CHAT_HISTORY_MAX "space" lines of each space, for a week. */
export class ChatHistoryRepository implements ChatHistoryStore {
  readonly #lines: Collection<ChatLineDoc>;
  /** Lines written per space since the last trim (per process: several processes trim more often, never less). */
  readonly #sinceTrim = new Map<string, number>();

  constructor(store: DocStore) {
    this.#lines = ChatLines.in(store);
  }

  async keep(space: string, line: ChatLine, now: number): Promise<void> {
    // Only a line's own fields: a live line also carries the speaker's session id, which is not history.
    await this.#lines.insertOne({ _id: line.id, space, userId: line.userId, name: line.name, text: line.text, at: line.at, scope: line.scope });
    const written = (this.#sinceTrim.get(space) ?? 0) + 1;
    if (written < CHAT_TRIM_EVERY) {
      this.#sinceTrim.set(space, written);
      return;
    }
    this.#sinceTrim.delete(space);
    await this.trim(space, now);
  }

  /** Deletes what is past the bound or past its week. */
  async trim(space: string, now: number): Promise<void> {
    const [edge] = await this.#lines.find({ space }, { sort: { at: -1, _id: -1 }, skip: CHAT_HISTORY_MAX - 1, limit: 1, projection: { at: 1 } });
    const before = Math.max(oldestShown(now), edge ? edge.at : Number.NEGATIVE_INFINITY);
    await this.#lines.deleteMany({ space, at: { $lt: before } });
  }

  async recent(space: string, now: number, limit = CHAT_HISTORY_MAX): Promise<ChatLine[]> {
    const docs = await this.#lines.find(
      { space, at: { $gte: oldestShown(now) } },
      { sort: { at: -1, _id: -1 }, limit: Math.min(limit, CHAT_HISTORY_MAX) },
    );
    return docs.reverse().map((d) => ({ id: d._id, userId: d.userId, name: d.name, text: d.text, at: d.at, scope: d.scope }));
  }
}
