import { matchMaker, type Presence } from "@colyseus/core";
import type { SeatLedger } from "../rooms/seat-ledger.ts";
import { UserRepository } from "../store/repositories/users.ts";
import type { DocStore } from "../store/types.ts";
import type { Logger } from "../core/logger.ts";
import { FeedService } from "./feed.ts";
import { NotificationService } from "./notifications.ts";
import { OnlineService, type SpaceListing } from "./online.ts";
import { SocialNotifier } from "./notifier.ts";
import { ProfileService } from "./profiles.ts";
import { WallService } from "./walls.ts";

export interface SocialServices {
  profiles: ProfileService;
  walls: WallService;
  feed: FeedService;
  notifier: SocialNotifier;
  notifications: NotificationService;
  online: OnlineService;
}

/** The matchmaker's listing of space rooms (every process's, through the driver). */
async function listSpaces(): Promise<SpaceListing[]> {
  return (await matchMaker.query({ name: "space" })) as unknown as SpaceListing[];
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
  log?: Logger,
  seats?: SeatLedger,
): SocialServices {
  const notifications = new NotificationService(store, presence, now, log?.child({ component: "notifications" }));
  const notifier = new SocialNotifier(presence);
  const profiles = new ProfileService(store, users, now, notifications, notifier);
  const walls = new WallService(store, users, profiles, notifier, now, notifications);
  const online = new OnlineService(store, users, () => seats, listSpaces);
  return { profiles, notifier, notifications, online, walls, feed: new FeedService(store, users) };
}
