import type { Song, SongVersion } from "#schema/song/model.ts";
import { ErrorCode } from "#schema/protocol.ts";
import { DomainError } from "../../core/errors.ts";
import { canonicalJson } from "./canonical.ts";
import { checkSong } from "./load.ts";

/** A hash function over text (sha256 hex on the server: see digest.ts). */
export type Digest = (text: string) => string;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The immutable document readers read (docs/SONG.md, SG50-SG51): a deep copy of the draft,
 * frozen, with the hash of its canonical JSON. A Song without a start cannot be
 * published; warnings do not stop it (the owner decides). The same content always has
 * the same hash, so publishing an unchanged draft twice can be recognised.
 */
export function snapshotForPublish(song: Song, digest: Digest): SongVersion {
  const copy = checkSong(JSON.parse(JSON.stringify(song)));
  if (copy.start === null) throw new DomainError(ErrorCode.BAD_INPUT, "a Song needs a start Verse to be published");
  return deepFreeze({ song: copy, hash: digest(canonicalJson(copy)) });
}

/**
 * A stored version read back (SG52): the Song checked whole and its hash recomputed, so a
 * version whose content was altered in the store is refused rather than read.
 */
export function checkVersion(raw: unknown, digest: Digest): SongVersion {
  const hash = (raw as { hash?: unknown } | null)?.hash;
  if (typeof hash !== "string") throw new DomainError(ErrorCode.BAD_INPUT, "a version needs a hash");
  const version = snapshotForPublish(checkSong((raw as { song?: unknown }).song), digest);
  if (version.hash !== hash) throw new DomainError(ErrorCode.BAD_INPUT, "the version's content does not match its hash");
  return version;
}
