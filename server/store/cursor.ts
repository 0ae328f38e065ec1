import type { Filter, SortSpec } from "./types.ts";

/**
 * Keyset pagination on `(time, _id)`. A time alone is unique only inside one process (two
 * processes, or a clock step, give ties), and a `$lt time` cursor would skip every item
 * tied with the last one shown. `_id` breaks the tie, so a page after `(t, id)` holds
 * exactly the items that sort after it: `time < t OR (time == t AND _id < id)`.
 * Every list paged this way has an index `{..., time: -1, _id: -1}` (store/collections.ts).
 */
export interface PageCursor {
  /** The time field's value of the last item shown (epoch ms). */
  at: number;
  /** Its `_id`. */
  id: string;
}

/** Newest first, ties by `_id` descending: the order the cursor walks. */
export function newestFirst(field: string): SortSpec {
  return { [field]: -1, _id: -1 };
}

/**
 * The items after `cursor` in `newestFirst(field)` order. The redundant `field <= at`
 * bounds the index walk to start at the cursor; the `$or` then drops ties already shown.
 */
export function pageAfter(field: string, cursor: PageCursor | undefined): Filter {
  if (!cursor) return {};
  return {
    [field]: { $lte: cursor.at },
    $or: [{ [field]: { $lt: cursor.at } }, { [field]: cursor.at, _id: { $lt: cursor.id } }],
  };
}

/** The cursor for the page after `items`, or null when this page was not full (no more). */
export function nextCursor<T extends { _id: string }>(items: readonly T[], pageSize: number, at: (item: T) => number): string | null {
  const last = items.at(-1);
  return items.length === pageSize && last ? encodeCursor({ at: at(last), id: last._id }) : null;
}

/** Opaque to clients: base64url of `[at, id]`. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString("base64url");
}

/** The cursor inside `text`, or undefined when it is not one this server wrote. */
export function decodeCursor(text: string): PageCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [at, id] = value as [unknown, unknown];
  if (typeof at !== "number" || !Number.isFinite(at) || typeof id !== "string" || id.length === 0 || id.length > 200) return undefined;
  return { at, id };
}
