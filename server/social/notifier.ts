import type { Presence } from "@colyseus/core";
import type { WallEvent } from "#schema/replies/social.ts";
import type { AvatarLook } from "#schema/rules/avatar-look.ts";
import type { WorldEvent } from "../domain/pad/index.ts";

/** Presence channel a wall room listens on for its owner's wall. */
export const wallChannel = (ownerId: string) => `neospace:wall:${ownerId}`;
/** Presence channel space rooms listen on: something happened to a user (mood impulse). */
export const FEEL_CHANNEL = "neospace:feel";

/** Presence channel space rooms listen on: the everyone feed changed (their notice boards show its newest item). */
export const FEED_CHANNEL = "neospace:feed";

/** Presence channel space rooms listen on: someone's avatar look changed (PUT /api/me/avatar). */
export const LOOK_CHANNEL = "neospace:look";

export interface LookOrder {
  userId: string;
  look: AvatarLook;
}

export interface FeelOrder {
  userId: string;
  event: WorldEvent;
}

/**
 * After a write is stored, tells whoever is watching: the wall's live viewers (every
 * process, through presence) and the owner's avatar, whose mood the event moves.
 */
export class SocialNotifier {
  constructor(private readonly presence: Pick<Presence, "publish"> | undefined) {}

  wall(ownerId: string, event: WallEvent): void {
    void this.presence?.publish(wallChannel(ownerId), event);
    if (changesFeed(event)) void this.presence?.publish(FEED_CHANNEL, {});
  }

  feel(userId: string, event: WorldEvent): void {
    const order: FeelOrder = { userId, event };
    void this.presence?.publish(FEEL_CHANNEL, order);
  }

  look(userId: string, look: AvatarLook): void {
    const order: LookOrder = { userId, look };
    void this.presence?.publish(LOOK_CHANNEL, order);
  }
}

/**
 * Whether a wall event can change what the everyone feed shows first: a public post, or an
 * edit, removal or hiding (of a post that may be in it). Replies and reactions do not.
 */
export function changesFeed(event: WallEvent): boolean {
  switch (event.kind) {
    case "post":
      return event.post.public;
    case "edit":
    case "delete":
    case "hide":
      return true;
    default:
      return false;
  }
}
