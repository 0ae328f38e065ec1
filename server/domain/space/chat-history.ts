import { CHAT_HISTORY_MAX, type ChatLine } from "#schema/messages/space.ts";

/** A kept chat line: one document per line, per space (the map name, shared by its instances). */
export interface ChatLineDoc extends Omit<ChatLine, "id"> {
  /** The line's id. */
  _id: string;
  space: string;
  [key: string]: unknown;
}

/** Lines older than this are neither shown nor kept (a week). */
export const CHAT_HISTORY_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A space's lines are trimmed back to CHAT_HISTORY_MAX every this many new lines, so it holds at most MAX + EVERY - 1. */
export const CHAT_TRIM_EVERY = 10;

/**
 * Which lines a space keeps: only "space" lines. Nearby talk was heard by a few and
 * whispers by one; keeping them in a history every later joiner reads would leak them.
 */
export function isKept(line: Pick<ChatLine, "scope">): boolean {
  return line.scope === "space";
}

/** The oldest time still shown at `now`. */
export function oldestShown(now: number): number {
  return now - CHAT_HISTORY_TTL_MS;
}

export { CHAT_HISTORY_MAX };
