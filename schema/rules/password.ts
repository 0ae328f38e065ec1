import { z } from "zod";

/**
 * Password rules, shared by the server and the browser client (so: no Node imports).
 * Length is the rule (NIST SP 800-63B): no composition rules, every character allowed.
 * The common-password check needs a large list, so it lives on the server
 * (`server/core/common-passwords.ts`).
 */

/** Minimum length in Unicode code points, after NFKC. */
export const PASSWORD_MIN = 10;

/**
 * Maximum length in UTF-8 bytes, after NFKC. Bytes, not characters, because the hash
 * reads bytes: a cap in characters would still let four-byte characters through at
 * four times the work, and an unbounded password is a cheap way to make the server hash.
 */
export const PASSWORD_MAX = 256;

const encoder = new TextEncoder();
const TOO_LONG = `at most ${PASSWORD_MAX} bytes (accented and non-Latin characters count 2 to 4 each)`;

/** UTF-8 length of a string, the unit `PASSWORD_MAX` is measured in. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/**
 * The form a password is hashed in. NFKC so that the same password typed on two
 * keyboards (composed "é" vs "e" + combining accent, full-width digits) still matches.
 */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

/** A password someone chooses: NFKC-normalised, then PASSWORD_MIN code points to PASSWORD_MAX bytes. */
export const NewPassword = z
  .string()
  // A UTF-16 code unit is at least one UTF-8 byte, so this refuses floods before NFKC runs.
  .max(PASSWORD_MAX, TOO_LONG)
  .transform(normalizePassword)
  .superRefine((password, ctx) => {
    if ([...password].length < PASSWORD_MIN) {
      ctx.addIssue({ code: "custom", message: `at least ${PASSWORD_MIN} characters`, continue: false });
    } else if (utf8Length(password) > PASSWORD_MAX) {
      ctx.addIssue({ code: "custom", message: TOO_LONG, continue: false });
    }
  });
