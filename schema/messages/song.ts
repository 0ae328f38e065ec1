import { z } from "zod";
import { SongOp } from "../song/ops.ts";
import { cleanText } from "../rules/text.ts";
import { SONG_LIMITS as L } from "../song/limits.ts";
import { PROTOCOL_VERSION } from "../protocol.ts";

/**
 * Inbound shapes of the Song: HTTP bodies (docs/API.md, "Songs") and the `song` room's
 * JSON messages. Prose travels as Yjs bytes (`song:y`), awareness as `song:aw`.
 */

/** A Song's id as the server mints it (newId: base64url). */
export const SongKey = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "not a song id");

export const CreateSong = z.strictObject({
  title: z
    .string()
    .max(L.title * 4)
    .transform(cleanText)
    .pipe(z.string().min(1, "title is empty").max(L.title, `at most ${L.title} characters`)),
});
export type CreateSong = z.infer<typeof CreateSong>;

export const InviteEditor = z.strictObject({ username: z.string().min(1).max(32) });
export const SetWatchable = z.strictObject({ watchable: z.boolean() });
export const ChooseBody = z.strictObject({ choice: z.string().min(1).max(L.id) });

/** Which songs to list: the caller's own, those they co-write, or the published ones. */
export const SONG_VIEWS = ["mine", "shared", "published"] as const;
export type SongView = (typeof SONG_VIEWS)[number];

/** `joinOrCreate("song", { protocol, songId })`. */
export const SongJoinOptions = z.object({ protocol: z.literal(PROTOCOL_VERSION), songId: SongKey });
export type SongJoinOptions = z.infer<typeof SongJoinOptions>;

/** `song:op`: one structural op, applied in the order the room receives them. */
export const SongOpMessage = z.strictObject({ op: SongOp, requestId: z.string().min(1).max(64).optional() });
export type SongOpMessage = z.infer<typeof SongOpMessage>;

/** `joinOrCreate("song-read", { protocol, versionId })`: one group reading per published version. */
export const SongReadJoinOptions = z.object({ protocol: z.literal(PROTOCOL_VERSION), versionId: SongKey });
export type SongReadJoinOptions = z.infer<typeof SongReadJoinOptions>;

/** `song-read:vote`: one of the choice ids the room shows now. */
export const SongVoteMessage = z.strictObject({ choice: z.string().min(1).max(L.id), requestId: z.string().min(1).max(64).optional() });
export type SongVoteMessage = z.infer<typeof SongVoteMessage>;

/** `song-read:restart`: only at an ending. */
export const SongRestartMessage = z.strictObject({ requestId: z.string().min(1).max(64).optional() });
export type SongRestartMessage = z.infer<typeof SongRestartMessage>;

/** A Yjs item id as `Y.relativePositionToJSON` writes it. */
const YjsId = z.strictObject({ client: z.number().int().min(0), clock: z.number().int().min(0) });

/**
 * `Y.relativePositionToJSON`'s output: what Yjs can resolve without throwing (it names the
 * item, the root type or the type it is in; with none of them Yjs throws).
 */
const RelativePosition = z
  .strictObject({
    type: YjsId.nullable().optional(),
    tname: z.string().max(64).nullable().optional(),
    item: YjsId.nullable().optional(),
    assoc: z.number().int().optional(),
  })
  .refine((p) => p.item != null || p.tname != null || p.type != null, "a position names an item or a type");

/**
 * `song:aw`: an awareness state's `cursor` (y-codemirror.next's field), or null. Every other
 * editor resolves it against its document; one it cannot read throws in their cursor plugin.
 */
export const AwarenessCursor = z.strictObject({ anchor: RelativePosition, head: RelativePosition }).nullable();
export type AwarenessCursor = z.infer<typeof AwarenessCursor>;
