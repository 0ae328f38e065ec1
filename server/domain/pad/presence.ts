/**
 * Who counts as present and when someone feels ignored (docs/MOOD.md, PAD17, PAD18).
 * Pure: the room passes in what it knows (idle flags, last actions, distances).
 */

/** With company but no contact for this long, a present avatar feels ignored (ms). */
export const IGNORED_AFTER_MS = 5 * 60_000;
/** Standing this close (world px) to someone present is contact, like hearing them talk. */
export const CONTACT_RADIUS = 256;

/**
 * Away from the keyboard: idle in the world (no walking input for a while) and no social
 * action of one's own (emote, chat) for `afterMs` either. Someone emoting while standing
 * still is present.
 */
export function isAway(idleInWorld: boolean, lastOwnActionAt: number, now: number, afterMs: number): boolean {
  return idleInWorld && now - lastOwnActionAt > afterMs;
}

/** Standing within CONTACT_RADIUS of anyone present counts as contact. */
export function inContact(me: { x: number; y: number }, others: ReadonlyArray<{ x: number; y: number; away: boolean }>): boolean {
  return others.some((o) => !o.away && withinContact(me, o));
}

/** Two spots close enough for contact (whether the other is present is the caller's question). */
export function withinContact(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return Math.hypot(b.x - a.x, b.y - a.y) < CONTACT_RADIUS;
}

/**
 * Feeling ignored needs someone to be ignored by: only a present avatar, with at least one
 * other present avatar in the space, and no contact for IGNORED_AFTER_MS. Away avatars
 * neither feel it nor make others feel it.
 */
export function feelsIgnored(me: { away: boolean; lastContactAt: number }, othersPresent: number, now: number): boolean {
  return !me.away && othersPresent > 0 && now - me.lastContactAt > IGNORED_AFTER_MS;
}
