import { ErrorCode } from "#schema/protocol.ts";
import type { Actor } from "../auth/types.ts";
import { DomainError } from "./errors.ts";

/** Anything a user can own: sessions, profiles, posts; scripts and songs later. Some things have several owners (a post: its author and the wall's owner). */
export type Owned = { ownerId: string } | { ownerIds: readonly string[] };

/**
 * The one place a mutation decides who may act on a resource. A missing resource and
 * someone else's resource get the same NOT_FOUND, so a refusal never reveals that a
 * private thing exists.
 */
export function checkOwnership<T extends Owned>(actor: Actor, resource: T | null | undefined, what: string): T {
  const owners = resource ? ("ownerIds" in resource ? resource.ownerIds : [resource.ownerId]) : [];
  if (!owners.includes(actor.userId)) {
    throw new DomainError(ErrorCode.NOT_FOUND, `no such ${what}`);
  }
  return resource as T;
}
