import type { Presence } from "@colyseus/core";
import type { SongAccess } from "./access.ts";

/** Presence channel a `song` room listens on: the owner changed who may write or watch. */
export const songChannel = (songId: string) => `neospace:song:${songId}`;

export interface SongAccessOrder {
  songId: string;
  access: SongAccess;
}

/** Tells the Song's live room (in any process) about an access change stored over HTTP. */
export class SongNotifier {
  constructor(private readonly presence: () => Presence | undefined) {}

  access(songId: string, access: SongAccess): void {
    const order: SongAccessOrder = { songId, access };
    void this.presence()?.publish(songChannel(songId), order);
  }
}
