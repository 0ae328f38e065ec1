import { createRequire } from "node:module";

/**
 * Refuses passwords that are on attackers' first-guess lists (NIST SP 800-63B asks for
 * a blocklist check on every new password). The list is the ~49,000-entry common
 * password dictionary of @zxcvbn-ts/language-common (lowercase entries, MIT licensed).
 */

interface CommonDictionary {
  dictionary: { "passwords-common": unknown };
}

let common: ReadonlySet<string> | undefined;

/**
 * The list as a set, loaded on first use and kept: decompressing it costs tens of
 * milliseconds and a few MB, which only registration and password change should pay.
 * Call it at startup to take that cost before the first request.
 */
export function loadCommonPasswords(): ReadonlySet<string> {
  if (common === undefined) {
    // require, not a static import, so the load happens here and only when needed.
    const { dictionary } = createRequire(import.meta.url)("@zxcvbn-ts/language-common") as CommonDictionary;
    const words = dictionary["passwords-common"];
    if (!Array.isArray(words) || words.length === 0) throw new Error("common password list is missing or empty");
    common = new Set(words.filter((w): w is string => typeof w === "string").map((w) => w.toLowerCase()));
  }
  return common;
}

// Digits, punctuation, symbols and spaces people tack on to satisfy composition rules
// ("Password123!", "dragon2024", "monkey!!").
const TRAILING_FILLER = /[\p{N}\p{P}\p{S}\s]+$/u;

// A stem shorter than this is too weak a signal: "abc" + ten random digits is not a
// dictionary password, the guessing work is all in the tail.
const MIN_STEM = 4;

/** True when the password, ignoring case and any trailing digits/punctuation, is a common one. */
export function isCommonPassword(password: string): boolean {
  const list = loadCommonPasswords();
  const folded = password.normalize("NFKC").toLowerCase();
  if (list.has(folded)) return true;
  const stem = folded.replace(TRAILING_FILLER, "");
  return stem !== folded && stem.length >= MIN_STEM && list.has(stem);
}
