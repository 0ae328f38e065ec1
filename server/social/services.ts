import { matchMaker } from "@colyseus/core";
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

export function createSocialServices(store: DocStore, now: () => number): SocialServices {
  const profiles = new ProfileService(store, now);
  const notifier = new SocialNotifier(() => matchMaker.presence);
  return { profiles, notifier, walls: new WallService(store, profiles, notifier, now), feed: new FeedService(store) };
}
