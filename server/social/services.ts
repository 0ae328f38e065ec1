import type { Presence } from "@colyseus/core";
import { UserRepository } from "../store/repositories/users.ts";
import type { DocStore } from "../store/types.ts";
import { FeedService } from "./feed.ts";
import { SocialNotifier } from "./notifier.ts";
import { ProfileService } from "./profiles.ts";
import { WallService } from "./walls.ts";

export interface SocialServices {
  profiles: ProfileService;
  walls: WallService;
  feed: FeedService;
  notifier: SocialNotifier;
}

/**
 * Profiles, walls and the feed on a store. `presence` is the server's (app.ts passes it in);
 * without one, live notifications go nowhere (route enumeration tests need none).
 */
export function createSocialServices(
  store: DocStore,
  now: () => number,
  presence?: Pick<Presence, "publish">,
  users: UserRepository = new UserRepository(store),
): SocialServices {
  const profiles = new ProfileService(store, users, now);
  const notifier = new SocialNotifier(presence);
  return { profiles, notifier, walls: new WallService(store, users, profiles, notifier, now), feed: new FeedService(store, users) };
}
