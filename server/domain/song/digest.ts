import { createHash } from "node:crypto";
import type { Song, SongVersion } from "#schema/song/model.ts";
import { checkVersion, snapshotForPublish } from "./publish.ts";

/**
 * The one server-only piece of the Song engine: sha256 from node:crypto. Everything
 * else in server/domain/song is plain TypeScript that also runs in a browser.
 */
export const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

export const publishSong = (song: Song): SongVersion => snapshotForPublish(song, sha256Hex);

export const loadVersion = (raw: unknown): SongVersion => checkVersion(raw, sha256Hex);
