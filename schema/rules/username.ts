import { z } from "zod";

/**
 * Username rules, shared by the server and the browser client (so: no Node imports).
 *
 * A username is shown as typed (case kept) but compared through `usernameKey`, so two
 * names that look alike on screen cannot both be registered and one cannot pose as
 * the other or as staff. Only ASCII is allowed: that keeps the whole Unicode
 * confusables problem (Cyrillic "а" for Latin "a", "ß", Turkish dotted/dotless i, bidi
 * and zero-width characters) out by construction, and the key only has to handle the
 * look-alikes that remain inside ASCII.
 */

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 20;

// Bound on the raw input before NFKC: normalising a megabyte costs time, and no input
// longer than this can be a valid name (NFKC does not shrink ASCII-bound text that much).
const RAW_MAX = USERNAME_MAX * 4;

const ALLOWED = /^[A-Za-z0-9._-]*$/;
const SEPARATORS = /[._-]/g;

/** NFKC (so full-width "ＡＤＡ" becomes "ADA") and trimmed; case is kept for display. */
export function normalizeUsername(input: string): string {
  return input.normalize("NFKC").trim();
}

/** The first problem with an already-normalised username, or undefined when it is valid. */
export function usernameProblem(name: string): string | undefined {
  if (name.length < USERNAME_MIN) return `at least ${USERNAME_MIN} characters`;
  if (name.length > USERNAME_MAX) return `at most ${USERNAME_MAX} characters`;
  if (!ALLOWED.test(name)) return "only letters a-z, digits, and _ - . are allowed";
  if (!/^[A-Za-z0-9]/.test(name)) return "must start with a letter or digit";
  if (/[._-]{2}/.test(name)) return "no two of _ - . in a row";
  if (/[._-]$/.test(name)) return "must not end with _ - or .";
  return undefined;
}

/*
 * Look-alike skeleton, applied after lowercasing and after separators are removed.
 * Each row is a pair that reads the same in common UI fonts, so the two names must
 * not belong to two people:
 *
 *   0 -> o    zero vs letter o
 *   1 -> l    one vs lowercase L
 *   i -> l    lowercase i (and uppercase I, once lowercased) vs lowercase L
 *   | -> l    pipe vs lowercase L (never valid in a name; mapped for keys of raw input)
 *   5 -> s    five vs s
 *   rn -> m   "rn" kerned together reads as "m"
 *   vv -> w   "vv" reads as "w"
 *
 * Separators go first so "r_n" cannot dodge "rn" -> "m" and so the key is idempotent
 * (key(key(x)) === key(x)): no row outputs a character another row consumes.
 */
const SINGLE_LOOKALIKES: Readonly<Record<string, string>> = { "0": "o", "1": "l", i: "l", "|": "l", "5": "s" };
const PAIR_LOOKALIKES: Readonly<Record<string, string>> = { rn: "m", vv: "w" };

/**
 * The uniqueness key: two usernames with the same key are the same account name.
 * `ada_l`, `ada-l`, `adal`, `ADA.L` and `ada1` all share the key `adal`.
 */
export function usernameKey(username: string): string {
  return (
    username
      .normalize("NFKC")
      // toLowerCase is locale-independent (unlike toLocaleLowerCase), so a Turkish
      // locale cannot turn "I" into dotless "ı"; non-ASCII never reaches a valid name.
      .toLowerCase()
      .replace(SEPARATORS, "")
      .replace(/[015i|]/g, (c) => SINGLE_LOOKALIKES[c] ?? c)
      .replace(/rn|vv/g, (pair) => PAIR_LOOKALIKES[pair] ?? pair)
      // Removing a separator or mapping a digit can bring a base letter next to a
      // combining mark ("0.\u0301"); normalising again keeps key(key(x)) === key(x).
      .normalize("NFKC")
  );
}

const RESERVED_NAMES = [
  "admin",
  "administrator",
  "root",
  "system",
  "sysadmin",
  "moderator",
  "mod",
  "neospace",
  "support",
  "staff",
  "official",
  "operator",
  "security",
  "api",
  "www",
  "help",
  "null",
  "undefined",
  "me",
  "everyone",
  "anonymous",
] as const;

/** Keys of names nobody may register, so `Adm1n` and `n.e.o.space` are reserved too. */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set(RESERVED_NAMES.map(usernameKey));

export function isReservedUsername(username: string): boolean {
  return RESERVED_USERNAMES.has(usernameKey(username));
}

/** Any valid username (e.g. to sign in or look someone up): normalised, then checked. */
export const Username = z
  .string()
  .max(RAW_MAX, `at most ${USERNAME_MAX} characters`)
  .transform(normalizeUsername)
  .superRefine((name, ctx) => {
    const problem = usernameProblem(name);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, continue: false });
  });

export type Username = z.output<typeof Username>;

/** A username someone may register: valid and not reserved. */
export const NewUsername = Username.refine((name) => !isReservedUsername(name), "this name is reserved");
