/**
 * The space a person was last in, so a reload (or opening a profile first) returns them
 * there instead of the Plaza. The address says it too (`#/world/garden`); this is the
 * fallback for addresses that do not (`#/world`, `#/u/ann`).
 */
const KEY = "neospace.lastSpace";
const NAME = /^[a-z][a-z0-9-]{0,31}$/;
export const DEFAULT_SPACE = "plaza";

export function lastSpace(): string {
  try {
    const saved = localStorage.getItem(KEY);
    return saved && NAME.test(saved) ? saved : DEFAULT_SPACE;
  } catch {
    return DEFAULT_SPACE; // storage can be off (private modes, policies)
  }
}

export function rememberSpace(name: string): void {
  if (!NAME.test(name)) return;
  try {
    localStorage.setItem(KEY, name);
  } catch {
    // Not remembered: a reload then opens the address's space or the Plaza.
  }
}

/** A space name from the address, or null when it is not one (the route then uses `lastSpace()`). */
export function spaceFromAddress(segment: string | undefined): string | null {
  return segment && NAME.test(segment) ? segment : null;
}
