import { defineRoom, type Room } from "@colyseus/core";
import type { z } from "zod";
import { WallJoinOptions } from "#schema/messages/social.ts";
import { SongJoinOptions, SongReadJoinOptions } from "#schema/messages/song.ts";
import { SpaceJoinOptions } from "#schema/messages/space.ts";
import { RoomName } from "#schema/protocol.ts";
import type { MessageTable } from "../handlers/message-table.ts";
import { createSongReadRoom, SONG_READ_MESSAGES, type SongReadRoomDeps } from "./song-read-room.ts";
import { InboxJoinOptions } from "#schema/messages/notifications.ts";
import { createInboxRoom, INBOX_MESSAGES, type InboxRoomDeps } from "./inbox-room.ts";
import { createSongRoom, SONG_MESSAGES, type SongRoomDeps } from "./song-room.ts";
import { createSpaceRoom, SPACE_MESSAGES, type SpaceRoomDeps } from "./space-room.ts";
import { createWallRoom, WALL_MESSAGES, type WallRoomDeps } from "./wall-room.ts";

/** Everything any room needs: the union of every room's deps, built once in app.ts. */
export type AppRoomDeps = SpaceRoomDeps & WallRoomDeps & SongRoomDeps & SongReadRoomDeps & InboxRoomDeps;

/** One room type: how to build it, how matchmaking groups it, what it accepts. */
export interface RoomEntry {
  create(deps: AppRoomDeps): typeof Room<never>;
  /** Join options the matchmaker groups rooms by (one space per map, one wall per owner, one room per Song). */
  filterBy: string[];
  /** Client→server messages (tests enumerate every row's budget and check). */
  messages: MessageTable<never>;
  /** What a join must carry (checked in onAuth before a seat is reserved). */
  joinOptions: z.ZodType;
}

/**
 * Every room type, by its RoomName. The app defines rooms from this table, and the
 * door-enumeration test and the room fuzzer read it: a new room is one row here (and
 * its name in schema/protocol.ts RoomName).
 */
export const ROOMS: Record<RoomName, RoomEntry> = {
  [RoomName.SPACE]: {
    create: (deps) => createSpaceRoom(deps) as unknown as typeof Room<never>,
    filterBy: ["map"],
    messages: SPACE_MESSAGES as MessageTable<never>,
    joinOptions: SpaceJoinOptions,
  },
  [RoomName.WALL]: {
    create: (deps) => createWallRoom(deps) as unknown as typeof Room<never>,
    filterBy: ["owner"],
    messages: WALL_MESSAGES as MessageTable<never>,
    joinOptions: WallJoinOptions,
  },
  [RoomName.SONG]: {
    create: (deps) => createSongRoom(deps) as unknown as typeof Room<never>,
    filterBy: ["songId"],
    messages: SONG_MESSAGES as MessageTable<never>,
    joinOptions: SongJoinOptions,
  },
  [RoomName.SONG_READ]: {
    create: (deps) => createSongReadRoom(deps) as unknown as typeof Room<never>,
    filterBy: ["versionId"],
    messages: SONG_READ_MESSAGES as MessageTable<never>,
    joinOptions: SongReadJoinOptions,
  },
  [RoomName.INBOX]: {
    create: (deps) => createInboxRoom(deps) as unknown as typeof Room<never>,
    filterBy: ["userId"],
    messages: INBOX_MESSAGES as MessageTable<never>,
    joinOptions: InboxJoinOptions,
  },
};

/** The `rooms` option of defineServer, from the registry. */
export function defineRooms(deps: AppRoomDeps) {
  return Object.fromEntries(
    Object.entries(ROOMS).map(([name, entry]) => [name, defineRoom(entry.create(deps)).filterBy(entry.filterBy)]),
  );
}
