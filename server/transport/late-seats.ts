import { matchMaker } from "@colyseus/core";

/** Colyseus's own pattern for the `/<processId>/<roomId>` that ends a room socket's path. */
const ROOM_PATH = /\/[a-zA-Z0-9_-]+\/([a-zA-Z0-9_-]+)$/;

/** Where a room socket's seat should be: the room's id and the session it was reserved for. */
export interface SeatLookup {
  /** The room on this process, if it still exists. */
  roomById(roomId: string): { roomName: string; hasReservedSeat(sessionId: string, reconnectionToken?: string): boolean } | undefined;
}

const localRooms: SeatLookup = { roomById: (roomId) => matchMaker.getLocalRoomById(roomId) };

/**
 * The room type of a socket that comes for a seat nobody holds any more (its reservation
 * expired, or its room is gone: `"gone"`), or null when the seat is there (or the socket
 * is not a room socket). Colyseus refuses such a socket with "seat reservation expired."
 * (close 4002) and tells only that client; the upgrade policy counts it in /metrics
 * (`neospace_seat_reservations_total{outcome="late"}`) with this.
 */
export function lapsedSeat(url: URL, rooms: SeatLookup = localRooms): string | null {
  const sessionId = url.searchParams.get("sessionId");
  const roomId = ROOM_PATH.exec(url.pathname)?.[1];
  // Colyseus answers a socket with neither as a latency probe, not as a join.
  if (!sessionId && !roomId) return null;
  const room = roomId ? rooms.roomById(roomId) : undefined;
  if (!room) return "gone";
  const reconnectionToken = url.searchParams.get("reconnectionToken") ?? undefined;
  return sessionId && room.hasReservedSeat(sessionId, reconnectionToken) ? null : room.roomName;
}
