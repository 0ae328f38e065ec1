import { lookalikeKey } from "#schema/rules/display-name.ts";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../core/errors.ts";
import type { UserRepository } from "../store/repositories/users.ts";

/**
 * Refuses a display name that reads as another account's username (`Ann Smith` or
 * `аnn_smith` in Cyrillic when `ann_smith` exists); one's own username is fine. One
 * indexed lookup by `usernameKey`, at sign-up and at every display-name change.
 */
export async function assertNotAnotherUsername(users: Pick<UserRepository, "findByUsernameKey">, displayName: string, ownUsernameKey: string): Promise<void> {
  const key = lookalikeKey(displayName);
  if (key === ownUsernameKey || key === "") return;
  if (!(await users.findByUsernameKey(key))) return;
  const message = "this display name looks like another person's username";
  throw new DomainError(ErrorCode.BAD_INPUT, `displayName: ${message}`, { details: [{ path: "displayName", message }] });
}
