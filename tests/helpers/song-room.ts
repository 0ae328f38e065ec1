import { PROTOCOL_VERSION, ServerMessage } from "../../schema/protocol.ts";
import type { SongInit, SongOpApplied } from "../../schema/replies/song.ts";
import { type BytesRoom, SongSync } from "../../client/src/net/song-sync.ts";
import { type AnyRoom, sdkClient } from "./sdk.ts";
import type { TestServer } from "./server.ts";

/** A test client in a `song` room: the SDK room, its SongSync, the init and every op seen. */
export interface SongClient {
  room: AnyRoom;
  sync: SongSync;
  init: Promise<SongInit>;
  ops: SongOpApplied[];
}

export async function joinSong(server: TestServer, token: string, songId: string): Promise<SongClient> {
  const room = await sdkClient(server, token).joinOrCreate("song", { protocol: PROTOCOL_VERSION, songId });
  const init = new Promise<SongInit>((resolve) => room.onMessage(ServerMessage.SONG_INIT, resolve));
  const ops: SongOpApplied[] = [];
  room.onMessage(ServerMessage.SONG_OP, (m: SongOpApplied) => ops.push(m));
  room.onMessage(ServerMessage.SONG_WARNINGS, () => undefined);
  room.onMessage(ServerMessage.SONG_ACCESS, () => undefined);
  const sync = new SongSync(room as unknown as BytesRoom);
  return { room, sync, init, ops };
}

/** Resolves once `predicate` holds, checking on every message; rejects after `ms`. */
export function until(predicate: () => boolean, ms = 5_000, what = "condition"): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}
