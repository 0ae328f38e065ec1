import { matchMaker } from "@colyseus/core";
import type { Logger } from "../core/logger.ts";
import type { SocialServices } from "../social/services.ts";
import { LiveMoods } from "../social/live-moods.ts";
import type { DocStore } from "../store/types.ts";
import { SongNotifier } from "./notifier.ts";
import { SoloReading } from "./reading.ts";
import { SongRepository } from "./repository.ts";
import { SongService } from "./service.ts";

export interface SongServices {
  repo: SongRepository;
  songs: SongService;
  reading: SoloReading;
  moods: LiveMoods;
}

export function createSongServices(store: DocStore, social: SocialServices, log: Logger, now: () => number): SongServices {
  const repo = new SongRepository(store, log.child({ component: "songs" }));
  const moods = new LiveMoods(now);
  const notifier = new SongNotifier(() => matchMaker.presence);
  return {
    repo,
    moods,
    songs: new SongService(repo, social.profiles, social.walls, notifier, now),
    reading: new SoloReading(repo, moods, social.notifier, now),
  };
}
