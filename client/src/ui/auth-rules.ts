import { normalizePassword, PASSWORD_MAX, PASSWORD_MIN, utf8Length } from "#schema/rules/password.ts";
import { displayNameProblem } from "#schema/rules/display-name.ts";
import { cleanText, DISPLAY_NAME_MAX } from "#schema/rules/text.ts";
import { isReservedUsername, normalizeUsername, usernameProblem } from "#schema/rules/username.ts";

/**
 * The shared account rules, asked before any request so a typo gets an instant answer.
 * The server stays the authority (it also refuses common passwords, which needs a list
 * the page does not have); each function returns the first problem, or undefined.
 */
export type AuthMode = "signup" | "login";

export function usernameHint(raw: string, mode: AuthMode): string | undefined {
  const name = normalizeUsername(raw);
  if (name === "") return "type your username";
  const problem = usernameProblem(name);
  if (problem) return problem;
  if (mode === "signup" && isReservedUsername(name)) return "this name is reserved";
  return undefined;
}

export function passwordHint(raw: string, mode: AuthMode): string | undefined {
  if (raw === "") return "type your password";
  if (mode === "login") return undefined;
  const password = normalizePassword(raw);
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `at least ${PASSWORD_MIN} characters (${PASSWORD_MIN - length} more)`;
  if (utf8Length(password) > PASSWORD_MAX) {
    return `at most ${PASSWORD_MAX} bytes (accented and non-Latin characters count 2 to 4 each)`;
  }
  return undefined;
}

/** Optional: blank means "use my username". */
export function displayNameHint(raw: string): string | undefined {
  if (raw.trim() === "") return undefined;
  const name = cleanText(raw);
  if (name === "") return "only invisible characters: leave it blank or type a name";
  if (name.length > DISPLAY_NAME_MAX) return `at most ${DISPLAY_NAME_MAX} characters`;
  return displayNameProblem(name);
}
