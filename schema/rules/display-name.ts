import { DisplayName } from "./text.ts";
import { RESERVED_USERNAMES, usernameKey } from "./username.ts";

/**
 * Display names are free text (any script, spaces), so the username rules cannot apply
 * as they are. They are folded to a Latin skeleton first and then compared through the
 * username key, so `Аdmin` (Cyrillic А), `NeoSpace Staff` or `Ann Smith` posing as the
 * account `ann_smith` are caught the same way a look-alike username is (issue 8 item 8).
 * Walls and lists also show `@username` beside every display name: the rules narrow
 * impersonation, the handle is what settles it.
 */

/*
 * Cyrillic and Greek letters that read as a Latin letter in common UI fonts. Capitals
 * first (Greek "Ν" reads N, its lowercase "ν" reads v), then lowercase. Over-mapping is
 * safe: a key only decides what is refused, never what is shown.
 */
const CAPITAL_LOOKALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  А: "A", В: "B", Е: "E", Ё: "E", З: "3", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T",
  У: "Y", Х: "X", Ѕ: "S", І: "I", Ї: "I", Ј: "J", Ԁ: "D", Һ: "H", Ӏ: "I", Ԛ: "Q", Ԝ: "W",
  // Greek
  Α: "A", Β: "B", Ε: "E", Ζ: "Z", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O", Ρ: "P", Τ: "T",
  Υ: "Y", Χ: "X", Ϲ: "C",
};
const SMALL_LOOKALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: "a", в: "b", е: "e", ё: "e", з: "3", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t",
  у: "y", х: "x", ѕ: "s", і: "i", ї: "i", ј: "j", ԁ: "d", һ: "h", ӏ: "l", ԛ: "q", ԝ: "w", ь: "b",
  // Greek
  α: "a", β: "b", ε: "e", ζ: "z", η: "n", ι: "i", κ: "k", μ: "u", ν: "v", ο: "o", ρ: "p", τ: "t",
  υ: "u", χ: "x", ω: "w", ϲ: "c",
  // Latin letters outside ASCII that NFKD does not decompose
  ı: "i", ł: "l", ø: "o", đ: "d", ħ: "h", ß: "ss",
};

/**
 * The look-alike key of any text: marks dropped (é→e), Cyrillic/Greek look-alikes folded
 * to Latin, everything but letters and digits removed, then the username key. For a valid
 * username it equals `usernameKey`, so a display name can be compared with usernames.
 */
export function lookalikeKey(text: string): string {
  const latin = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/./gsu, (c) => CAPITAL_LOOKALIKES[c] ?? c)
    .toLowerCase()
    .replace(/./gsu, (c) => SMALL_LOOKALIKES[c] ?? c)
    .replace(/[^\p{L}\p{N}|]/gu, "");
  return usernameKey(latin);
}

/** Words that claim a staff role when they stand alone in a display name ("Mod Bob", "NeoSpace Staff"). */
const STAFF_WORDS = [
  "admin", "administrator", "root", "system", "sysadmin", "moderator", "mod", "neospace",
  "support", "staff", "official", "operator", "security", "team",
].map(lookalikeKey);

/** Long enough to be refused anywhere inside a name ("TheNeoSpaceTeam", "xmoderatorx"). */
const STAFF_INFIXES = ["neospace", "moderator", "administrator", "sysadmin"].map(lookalikeKey);

/** Words of a display name: split at spaces and punctuation, and at camelCase humps ("NeoSpaceStaff"). */
function wordsOf(name: string): string[] {
  return name.split(/[^\p{L}\p{N}|]+|(?<=\p{Ll})(?=\p{Lu})/u).filter(Boolean);
}

/** The first problem with a cleaned display name, or undefined. (Whose username it looks like needs the server.) */
export function displayNameProblem(name: string): string | undefined {
  const key = lookalikeKey(name);
  const reserved = "this name is reserved for the service and its staff";
  if (RESERVED_USERNAMES.has(key)) return reserved;
  if (STAFF_INFIXES.some((infix) => key.includes(infix))) return reserved;
  if (wordsOf(name).some((word) => STAFF_WORDS.includes(lookalikeKey(word)))) return reserved;
  return undefined;
}

/** A display name someone may choose: cleaned, bounded, and not reserved. */
export const NewDisplayName = DisplayName.superRefine((name, ctx) => {
  const problem = displayNameProblem(name);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});
