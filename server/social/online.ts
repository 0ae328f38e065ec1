import type { FriendOnline, SpaceCount } from "#schema/replies/notifications.ts";
import { DEFAULT_MAP } from "../domain/maps.ts";
import type { SeatLedger } from "../rooms/seat-ledger.ts";
import { Follows } from "../store/collections.ts";
import type { UserRepository } from "../store/repositories/users.ts";
import type { Collection, DocStore } from "../store/types.ts";
import type { FollowDoc } from "./types.ts";

/** Friends looked up per request: the newest follows first; a larger following list shows its newest. */
export const FRIENDS_CHECKED = 200;

/** One row of the matchmaker's room listing, as far as head counts need it. */
export interface SpaceListing {
  roomId: string;
  clients: number;
  /** The room's filterBy options (`map`) as the matchmaker keeps them. */
  metadata?: { map?: unknown };
}

/**
 * Who is online: head counts per map from the matchmaker's listing (every process's rooms,
 * through the driver), and friends seated in a space from the seat ledger (presence, so
 * also every process). Nothing here is stored.
 */
export class OnlineService {
  readonly #follows: Collection<FollowDoc>;

  constructor(
    store: DocStore,
    private readonly users: UserRepository,
    private readonly seats: () => SeatLedger | undefined,
    private readonly spaces: () => Promise<SpaceListing[]>,
  ) {
    this.#follows = Follows.in(store);
  }

  async counts(): Promise<SpaceCount[]> {
    const byMap = new Map<string, SpaceCount>();
    for (const room of await this.spaces()) {
      const map = mapOf(room);
      const row = byMap.get(map) ?? { map, people: 0, rooms: 0 };
      row.people += room.clients;
      row.rooms += 1;
      byMap.set(map, row);
    }
    return [...byMap.values()].sort((a, b) => a.map.localeCompare(b.map));
  }

  async friends(userId: string): Promise<FriendOnline[]> {
    const seats = this.seats();
    if (!seats) return [];
    const follows = await this.#follows.find({ followerId: userId }, { sort: { createdAt: -1, _id: -1 }, limit: FRIENDS_CHECKED });
    const rooms = new Map((await this.spaces()).map((r) => [r.roomId, mapOf(r)]));
    const seated = new Map<string, { map: string; roomId: string }>();
    for (const f of follows) {
      const place = (await seats.whereabouts(f.followeeId)).find((p) => p.roomType === "space" && rooms.has(p.roomId));
      if (place) seated.set(f.followeeId, { map: rooms.get(place.roomId) ?? DEFAULT_MAP, roomId: place.roomId });
    }
    const people = await this.users.findByIds([...seated.keys()]);
    return people
      .map((u) => ({ username: u.username, displayName: u.displayName, ...(seated.get(u._id) as { map: string; roomId: string }) }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }
}

function mapOf(room: SpaceListing): string {
  const map = room.metadata?.map;
  return typeof map === "string" && map ? map : DEFAULT_MAP;
}
