import { z } from "zod";

/**
 * Text rules both sides use. Control characters and bidi overrides are removed so a
 * name or message cannot hide, reorder or spoof what people see (Trojan Source style).
 */

// C0/C1 controls, bidi embeddings/overrides/isolates, marks, and other invisible formatters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/*
 * A UTF-16 surrogate without its partner (JSON may carry one: "\ud800") is no character,
 * and encoders disagree on its size: @colyseus/schema writes 4 bytes where it announced
 * Buffer.byteLength's 3, so a display name ending in one corrupts every patch of the room
 * its avatar is in.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/*
 * Default-ignorable code points draw nothing (soft hyphen, Hangul fillers, tag
 * characters, the Mongolian vowel separator, variation selectors, ...): a name made of
 * them is an invisible name. U+FE0E/U+FE0F stay: they pick the text or emoji look of
 * the character before them.
 */
const IGNORABLE = /(?![\ufe0e\ufe0f])\p{Default_Ignorable_Code_Point}/gu;

/* More than four combining marks on one character is Zalgo text, drawn over the lines around it; real scripts stack fewer. */
const MARK_RUN = /(\p{M}{4})\p{M}+/gu;

/**
 * `text` with any lone surrogate dropped. For text put into room state from the store:
 * @colyseus/schema announces a string's UTF-8 length with one rule and writes its bytes
 * with another, which disagree on a lone surrogate (3 bytes announced, 4 written), so one
 * such name desynchronises every client decoding the room. Input is cleaned of them
 * (cleanText, TX3), but text stored before that was not.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "");
}

/* The braille blank is a symbol that draws as nothing: the usual filler of invisible names and blank lines. */
const BRAILLE_BLANK = /\u2800/g;

/* U+FE0E/U+FE0F with no character before them to vary (at the start, or after a space) draw nothing. */
const STRAY_SELECTOR = /(^|\s)[\ufe0e\ufe0f]+/gu;

/** Drops what no one should see or what cannot be encoded: unsafe and invisible characters, lone surrogates, mark floods. */
function stripUnsafe(text: string): string {
  return wellFormed(text.replace(UNSAFE, ""))
    .replace(IGNORABLE, "")
    .replace(BRAILLE_BLANK, "")
    .replace(MARK_RUN, "$1")
    .replace(STRAY_SELECTOR, "$1");
}

/* Something a reader sees: a letter, digit, symbol or punctuation. */
const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u;

/** NFKC-normalises, strips control/bidi/invisible characters, lone surrogates and mark floods, collapses whitespace. */
export function cleanText(input: string): string {
  return stripUnsafe(input.normalize("NFKC")).replace(/\s+/g, " ").trim();
}

export const DISPLAY_NAME_MAX = 24;

/** A display name as shown above an avatar: cleaned, then 1..24 characters, at least one of them visible. */
export const DisplayName = z
  .string()
  .max(DISPLAY_NAME_MAX * 4)
  .transform(cleanText)
  .pipe(
    z
      .string()
      .max(DISPLAY_NAME_MAX, `at most ${DISPLAY_NAME_MAX} characters`)
      .refine((name) => VISIBLE.test(name), "name is empty"),
  );

/** Like cleanText but keeps line breaks (at most two in a row), for bios and posts. */
export function cleanMultiline(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => stripUnsafe(line).replace(/[ \t\f\v]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export const REASON_MAX = 500;

/**
 * Why a moderator acted: shown to the person concerned (a ban's reason is in their
 * sign-in refusal) and kept in the audit log, so it is cleaned like every other text.
 */
export const ModerationReason = z
  .string()
  .max(REASON_MAX * 4)
  .transform(cleanMultiline)
  .pipe(z.string().min(1, "give a reason").max(REASON_MAX, `at most ${REASON_MAX} characters`));
