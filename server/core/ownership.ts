import { ErrorCode } from "#schema/protocol.ts";
import type { Actor } from "../auth/types.ts";
import { DomainError } from "./errors.ts";

/** Anything a user can own: sessions now; profiles, posts, scripts and songs later. */
export interface Owned {
  ownerId: string;
}

/**
 * The one place a mutation decides who may act on a resource. A missing resource and
 * someone else's resource get the same NOT_FOUND, so a refusal never reveals that a
 * private thing exists.
 */
export function checkOwnership<T extends Owned>(actor: Actor, resource: T | null | undefined, what: string): T {
  if (!resource || resource.ownerId !== actor.userId) {
    throw new DomainError(ErrorCode.NOT_FOUND, `no such ${what}`);
  }
  return resource;
}
