import { z } from "zod";

/**
 * Text rules both sides use. Control characters and bidi overrides are removed so a
 * name or message cannot hide, reorder or spoof what people see (Trojan Source style).
 */

// C0/C1 controls, bidi embeddings/overrides/isolates, marks, and other invisible formatters;
// characters that draw nothing yet are not spaces (soft hyphen, grapheme joiner, Hangul
// fillers, Khmer and Mongolian invisibles, braille blank, tag characters, invisible musical
// formatters), so a name or line of them alone is empty, not a blank that passes as text;
// and lone surrogates (half an emoji: no character at all).
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each invisible mark is removed on its own, never as part of a letter
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u2069\u2800\u3164\ufeff\uffa0\ufff9-\ufffb\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0000}-\u{e007f}\ud800-\udfff]/gu;
/** A variation selector with no character before it to vary (at the start or after a space) draws nothing. */
const STRAY_SELECTOR = /(^|\s)[\ufe00-\ufe0f]+/gu;

/** NFKC-normalises, strips control/bidi/invisible characters and collapses whitespace. */
export function cleanText(input: string): string {
  return input.normalize("NFKC").replace(UNSAFE, "").replace(/\s+/g, " ").trim().replace(STRAY_SELECTOR, "$1").trim();
}

export const DISPLAY_NAME_MAX = 24;

/** A display name as shown above an avatar: cleaned, then 1..24 characters. */
export const DisplayName = z
  .string()
  .max(DISPLAY_NAME_MAX * 4)
  .transform(cleanText)
  .pipe(z.string().min(1, "name is empty").max(DISPLAY_NAME_MAX, `at most ${DISPLAY_NAME_MAX} characters`));

/** Like cleanText but keeps line breaks (at most two in a row), for bios and posts. */
export function cleanMultiline(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(UNSAFE, "").replace(/[ \t\f\v]+/g, " ").trim().replace(STRAY_SELECTOR, "$1").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
